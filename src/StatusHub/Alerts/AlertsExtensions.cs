namespace StatusHub.Alerts;

public static class AlertsExtensions
{
    /// <summary>Alerts in: the receivers, the rules that turn alerts into suggestions, the staff Alerts page.</summary>
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertsOptions>().Bind(builder.Configuration.GetSection(AlertsOptions.Section));
        builder.Services.AddSingleton<AlertIntake>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder endpoints) => endpoints.MapAlertReceivers();
}
