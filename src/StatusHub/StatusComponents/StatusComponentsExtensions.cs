using StatusHub.Channels;

namespace StatusHub.StatusComponents;

public static class StatusComponentsExtensions
{
    public static IHostApplicationBuilder AddStatusComponents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ComponentService>();
        builder.Services.AddSingleton<IComponentIds, KnownComponentIds>();
        return builder;
    }
}
