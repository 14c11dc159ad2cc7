using System.Globalization;
using Microsoft.Extensions.Options;
using StatusHub.StaticExport;
using StatusHub.Storage;

namespace StatusHub.Backups;

/// <summary>
/// With <c>Storage:BackupDirectory</c> set: a backup every <c>Storage:BackupInterval</c> into that folder, named by its
/// UTC time so names sort as times (<c>statushub-20261204T100000Z.db</c>), the oldest removed past
/// <c>Storage:BackupKeepCount</c> or <c>Storage:BackupKeepDays</c>, then <c>Storage:BackupAfterCommand</c> to carry it
/// off the machine. The next one is due an interval after the newest in the folder, so a restart does not add one.
/// </summary>
public sealed class BackupScheduler(BackupService backups, IOptionsMonitor<StorageOptions> options, IHostEnvironment environment, TimeProvider time, ILogger<BackupScheduler> logger)
    : BackgroundService
{
    public const string Actor = "scheduled backup";

    private const string Prefix = "statushub-";
    private const string Extension = ".db";
    private const string StampFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>After a failed backup, the next try comes this long after, not a whole interval later.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(5);

    /// <summary>The newest backup whose after-command failed, to ship again; null once shipped.</summary>
    private string? _unshipped;

    public string Folder => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.CurrentValue.BackupDirectory ?? ""));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.BackupsScheduled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = NextDue() - time.GetUtcNow().UtcDateTime;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken);
                }

                if (await RunOnceAsync(stoppingToken) is not null)
                {
                    // A failed backup is tried again after a while; a backup its after-command did not carry off is
                    // shipped again after a while, until it is or the next backup is due (which ships the newer one).
                    do
                    {
                        await Task.Delay(RetryAfter, time, stoppingToken);
                    }
                    while (NextDue() > time.GetUtcNow().UtcDateTime && await ShipAgainAsync(stoppingToken) is not null);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>When the next backup is due: an interval after the newest one in the folder, now when there is none.</summary>
    public DateTime NextDue() => Existing() is [.., var newest]
        ? newest.At + options.CurrentValue.BackupInterval
        : time.GetUtcNow().UtcDateTime;

    /// <summary>One scheduled backup, its retention and its after-command. Returns null, or what failed (logged).</summary>
    public async Task<string?> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow().UtcDateTime;
        var file = Path.Combine(Folder, $"{Prefix}{now.ToString(StampFormat, CultureInfo.InvariantCulture)}{Extension}");
        try
        {
            Directory.CreateDirectory(Folder);
            var contents = backups.Write(file, Actor);
            logger.LogInformation("Backed up the database to {File} ({Summary})", file, contents.Summary);
            foreach (var old in Expired(now))
            {
                File.Delete(old);
                logger.LogInformation("Deleted the backup {File}, past Storage:BackupKeepCount or Storage:BackupKeepDays", old);
            }
        }
        catch (Exception ex) when (ex is BackupRefusedException or IOException or UnauthorizedAccessException or LiteDB.LiteException)
        {
            logger.LogError("The scheduled backup to {File} failed: {Error}", file, ex.Message);
            return ex.Message;
        }

        _unshipped = file;
        return await ShipAsync(file, cancellationToken);
    }

    /// <summary>
    /// Runs the after-command again for the newest backup it failed to carry off; null once it did (or there is none to
    /// ship), else what failed. A copy that never left the machine is worth another try before tomorrow's.
    /// </summary>
    public Task<string?> ShipAgainAsync(CancellationToken cancellationToken) =>
        _unshipped is { } file && File.Exists(file) ? ShipAsync(file, cancellationToken) : Task.FromResult<string?>(null);

    private async Task<string?> ShipAsync(string file, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(settings.BackupAfterCommand))
        {
            _unshipped = null;
            return null;
        }

        var failure = await AfterCommand.RunAsync(settings.BackupAfterCommand, new Dictionary<string, string> { ["file"] = file, ["dir"] = Folder },
            settings.BackupAfterCommandTimeout, time, cancellationToken);
        if (failure is null)
        {
            _unshipped = null;
        }
        else
        {
            logger.LogError("Storage:BackupAfterCommand failed for {File}: {Failure}; it is tried again in {Retry} min", file, failure, RetryAfter.TotalMinutes);
        }

        return failure;
    }

    /// <summary>Backups past the count or the age to keep, never the newest.</summary>
    private IEnumerable<string> Expired(DateTime now)
    {
        var settings = options.CurrentValue;
        var oldest = now.AddDays(-settings.BackupKeepDays);
        return Existing()
            .OrderByDescending(b => b.At)
            .Where((b, i) => i > 0 && (i >= settings.BackupKeepCount || b.At < oldest))
            .Select(b => b.Path)
            .ToList();
    }

    /// <summary>The scheduled backups in the folder, oldest first, by the time in their names; other files are not ours and stay.</summary>
    public IReadOnlyList<(string Path, DateTime At)> Existing()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var found = new List<(string Path, DateTime At)>();
        foreach (var path in Directory.EnumerateFiles(Folder, $"{Prefix}*{Extension}"))
        {
            var stamp = Path.GetFileNameWithoutExtension(path)[Prefix.Length..];
            if (DateTime.TryParseExact(stamp, StampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
            {
                found.Add((path, at));
            }
        }

        return found.OrderBy(b => b.At).ToList();
    }
}
