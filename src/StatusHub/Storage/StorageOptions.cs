using System.ComponentModel.DataAnnotations;

namespace StatusHub.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder holding the LiteDB file, its backups and the DataProtection keys; relative paths are resolved against the content root.</summary>
    [Required(ErrorMessage = "Storage:DataDirectory must name a folder, e.g. \"data\".")]
    public string DataDirectory { get; set; } = "data";

    public string DatabaseFileName { get; set; } = "statushub.db";

    /// <summary>Where scheduled backups go (relative to the content root, as the data folder); empty: none are scheduled.</summary>
    public string? BackupDirectory { get; set; }

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Storage:BackupInterval must be a time span between 00:01:00 and 30.00:00:00, such as 1.00:00:00 (daily).")]
    public TimeSpan BackupInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Scheduled backups kept at most; the oldest go first.</summary>
    [Range(1, 10_000, ErrorMessage = "Storage:BackupKeepCount must be a number from 1 to 10000 (default 14).")]
    public int BackupKeepCount { get; set; } = 14;

    /// <summary>Scheduled backups older than this many days are deleted; the newest is always kept.</summary>
    [Range(1, 3650, ErrorMessage = "Storage:BackupKeepDays must be a number of days from 1 to 3650 (default 30).")]
    public int BackupKeepDays { get; set; } = 30;

    /// <summary>Run through the shell after each scheduled backup, <c>{file}</c> replaced by the quoted path of the new
    /// backup and <c>{dir}</c> by its folder, e.g. <c>rclone copy {file} offsite:statushub</c>.</summary>
    public string? BackupAfterCommand { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Storage:BackupAfterCommandTimeout must be a time span such as 00:10:00.")]
    public TimeSpan BackupAfterCommandTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public bool BackupsScheduled => !string.IsNullOrWhiteSpace(BackupDirectory);

    /// <summary>Starts read-only (<c>--read-only</c>): every write but the outbox's deliveries and sign-in is refused, and no admin can switch it off.</summary>
    public bool ReadOnly { get; set; }
}
