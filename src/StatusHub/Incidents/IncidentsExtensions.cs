using StatusHub.Incidents.Templates;

namespace StatusHub.Incidents;

public static class IncidentsExtensions
{
    public static IHostApplicationBuilder AddIncidents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IncidentService>();
        builder.Services.AddSingleton<Suggestions.IncidentSuggestions>();
        builder.Services.AddOptionsWithValidateOnStart<Suggestions.DraftsOptions>().BindConfiguration(Suggestions.DraftsOptions.Section).ValidateDataAnnotations();
        builder.Services.AddSingleton<ShippedIncidentTemplates>();
        builder.Services.AddSingleton<IncidentTemplateService>();
        return builder;
    }
}
