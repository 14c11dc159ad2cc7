using Microsoft.Extensions.Options;
using StatusHub.Storage;

namespace StatusHub.Backups;

/// <summary>An after-command with nowhere to take backups from is a mistake to name at start-up, not to ignore.</summary>
public sealed class BackupOptionsValidation : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        !options.BackupsScheduled && !string.IsNullOrWhiteSpace(options.BackupAfterCommand)
            ? ValidateOptionsResult.Fail("Storage:BackupAfterCommand is set but Storage:BackupDirectory is not: set Storage:BackupDirectory to the folder scheduled backups are written to.")
            : ValidateOptionsResult.Success;
}
