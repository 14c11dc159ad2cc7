namespace StatusHub.Incidents;

public static class IncidentsExtensions
{
    public static IHostApplicationBuilder AddIncidents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IncidentService>();
        return builder;
    }
}
