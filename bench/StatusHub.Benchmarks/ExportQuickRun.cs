using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StaticExport;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Tests.Support;

namespace StatusHub.Benchmarks;

/// <summary>
/// <c>export &lt;folder&gt;</c> of a page with N incidents (three updates each, spread over the past year, on ten
/// components) and a maintenance a week: the app's own container, the exporter as the command line runs it, timed from
/// the call to the copy being in place, then the deletion of the copy it replaced. Three runs on one snapshot: the first
/// writes into a new folder and pays for JIT and the cold renderer; the others replace the copy before.
/// </summary>
public static class ExportQuickRun
{
    public static async Task RunAsync(int incidents)
    {
        var folder = Path.Combine(Path.GetTempPath(), "statushub-bench", Guid.NewGuid().ToString("n"));
        var data = Path.Combine(folder, "data");
        try
        {
            var seeding = TimeProvider.System.GetTimestamp();
            SeededPage.Write(data, incidents, TimeSpan.FromDays(365));
            Console.WriteLine(FormattableString.Invariant($"(seeded in {TimeProvider.System.GetElapsedTime(seeding).TotalSeconds:0.0} s)"));
            await using var app = AppServices.Build(new Dictionary<string, string?> { ["Storage:DataDirectory"] = data });
            var exporter = app.Services.GetRequiredService<StaticExporter>();
            var snapshot = app.Services.GetRequiredService<StatusSnapshotService>().Current;
            var target = ExportFolder.For(Path.Combine(folder, "site"), app.Environment, new StorageOptions { DataDirectory = data });

            Console.WriteLine($"Static export of {snapshot.Incidents.Count} incidents, {snapshot.Maintenances.Count} maintenances, {snapshot.HistoryPages} history pages");
            Console.WriteLine("| run | files | MB | export s (copy in place) | then removing the previous copy s |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            for (var run = 1; run <= 3; run++)
            {
                var started = TimeProvider.System.GetTimestamp();
                var result = await exporter.ExportAsync(target);
                var elapsed = TimeProvider.System.GetElapsedTime(started);
                started = TimeProvider.System.GetTimestamp();
                target.RemoveOldCopies();
                var cleanup = TimeProvider.System.GetElapsedTime(started);
                Console.WriteLine(FormattableString.Invariant($"| {run} | {result.Files} | {result.Bytes / 1024.0 / 1024.0:0.0} | {elapsed.TotalSeconds:0.00} | {cleanup.TotalSeconds:0.00} |"));
            }
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
