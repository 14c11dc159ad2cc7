namespace StatusHub.Probes;

public static class ProbesExtensions
{
    public static IHostApplicationBuilder AddProbes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProbesOptions>()
            .Bind(builder.Configuration.GetSection(ProbesOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.FailuresToCount <= o.Window, "Probes:FailuresToCount (K) must be at most Probes:Window (M), e.g. 2 and 3.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ProbeService>();
        builder.Services.AddSingleton<ProbeResults>();
        builder.Services.AddSingleton<IProbeCheck, HttpProbeCheck>();
        builder.Services.AddSingleton<IProbeCheck, BannerProbeCheck>();
        builder.Services.AddSingleton<IProbeCheck, MailRoundTripCheck>();
        builder.Services.AddSingleton<IProbeStateListener, ProbeDrafts>();
        builder.Services.AddSingleton<ProbeMetrics>();
        builder.Services.AddSingleton<ProbeLoop>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ProbeLoop>());
        return builder;
    }
}
