using Microsoft.Extensions.Options;
using StatusHub.Channels;

namespace StatusHub.StaticExport;

public static class StaticExportExtensions
{
    /// <summary>
    /// The static copy of the public site: the exporter over every registered <see cref="IExportSource"/> (for
    /// <c>export &lt;folder&gt;</c>), and, when <c>Export:Directory</c> is set, the refresher that keeps that folder current.
    /// </summary>
    public static IHostApplicationBuilder AddStaticExport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExportOptions>()
            .Bind(builder.Configuration.GetSection(ExportOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ExportOptions>, ExportOptionsValidation>();
        builder.Services.AddSingleton<StaticExporter>();
        builder.Services.AddSingleton<ExportHealth>();
        builder.Services.AddSingleton<IChannelHealthSource>(services => services.GetRequiredService<ExportHealth>());
        builder.Services.AddSingleton<ExportRefresher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ExportRefresher>());
        return builder;
    }
}
