using StatusHub.Storage;

namespace StatusHub.Subscribers.Staff;

/// <summary>One CSV import running (or finished) in the background, as the staff page shows it.</summary>
public sealed class ImportJob(string fileName, string startedBy, DateTime startedAt) : IProgress<ImportProgress>
{
    private volatile ImportState _state = new(new ImportProgress(0, 0, 0), null, null);

    public string FileName { get; } = fileName;
    public string StartedBy { get; } = startedBy;
    public DateTime StartedAt { get; } = startedAt;

    public ImportProgress Progress => _state.Progress;

    /// <summary>Set once the import finished, with every reject.</summary>
    public ImportReport? Report => _state.Report;

    /// <summary>Set when the import stopped before the end; rows written before that stay.</summary>
    public string? Error => _state.Error;

    public bool Running => Report is null && Error is null;

    void IProgress<ImportProgress>.Report(ImportProgress value) => _state = _state with { Progress = value };

    internal void Finish(ImportReport report) => _state = _state with { Report = report };

    internal void Fail(string error) => _state = _state with { Error = error };

    /// <summary>Swapped whole, so a reader on another thread never sees a report paired with stale progress.</summary>
    private sealed record ImportState(ImportProgress Progress, ImportReport? Report, string? Error);
}

/// <summary>
/// Runs subscriber imports off the staff member's circuit, one at a time: a 100,000-row file takes seconds, and
/// the page (and every other staff page) stays usable meanwhile. The last job stays visible until the next starts.
/// </summary>
public sealed class SubscriberImportJobs(SubscriberImport importer, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<SubscriberImportJobs> logger)
{
    private readonly Lock _lock = new();

    public ImportJob? Current { get; private set; }

    /// <summary>Starts importing <paramref name="csv"/>; throws <see cref="ValidationException"/> while another import runs.</summary>
    public ImportJob Start(string fileName, string csv, string actor)
    {
        ImportJob job;
        lock (_lock)
        {
            if (Current is { Running: true } running)
            {
                throw new ValidationException($"{running.StartedBy} is importing {running.FileName} ({running.Progress.Done:N0} of {running.Progress.Total:N0} rows written). Wait for it to finish.");
            }

            job = new ImportJob(fileName, actor, time.GetUtcNow().UtcDateTime);
            Current = job;
        }

        _ = Task.Run(() => Run(job, csv), lifetime.ApplicationStopping);
        return job;
    }

    private void Run(ImportJob job, string csv)
    {
        try
        {
            job.Finish(importer.Import(new StringReader(csv), job.StartedBy, job));
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException)
        {
            job.Fail($"The import stopped: {ex.Message} {WhatStays(job)}");
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Importing subscribers from {File} failed", job.FileName);
            job.Fail($"The import stopped unexpectedly and the error was logged. {WhatStays(job)}");
        }
    }

    private static string WhatStays(ImportJob job) =>
        $"{job.Progress.Added:N0} subscribers were added before that; importing the file again adds only the rest.";
}
