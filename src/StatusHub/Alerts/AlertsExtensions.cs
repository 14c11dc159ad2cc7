using Microsoft.Extensions.Options;

namespace StatusHub.Alerts;

public static class AlertsExtensions
{
    /// <summary>Alerts in: the receivers, the rules that turn alerts into suggestions, the staff Alerts page.</summary>
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptionsWithValidateOnStart<AlertsOptions>().BindConfiguration(AlertsOptions.Section);
        builder.Services.AddSingleton<IValidateOptions<AlertsOptions>, AlertsOptionsValidation>();
        builder.Services.AddSingleton<AlertIntake>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder endpoints) => endpoints.MapAlertReceivers();
}
