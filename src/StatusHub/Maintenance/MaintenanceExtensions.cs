namespace StatusHub.Maintenance;

public static class MaintenanceExtensions
{
    public static IHostApplicationBuilder AddMaintenance(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MaintenanceService>();
        builder.Services.AddHostedService<MaintenanceScheduler>();
        return builder;
    }
}
