using Microsoft.Extensions.Options;
using StatusHub.Storage;

namespace StatusHub.Backups;

public static class BackupsExtensions
{
    /// <summary>Backups of the database: <c>backup</c> and <c>restore</c> (operator commands) and, when <c>Storage:BackupDirectory</c> is set, scheduled ones.</summary>
    public static IHostApplicationBuilder AddBackups(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<StorageOptions>, BackupOptionsValidation>();
        builder.Services.AddSingleton<BackupService>();
        builder.Services.AddSingleton<BackupScheduler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BackupScheduler>());
        return builder;
    }
}
