using System.Text;
using StatusHub.StatusPage;

namespace StatusHub.StaticExport;

/// <summary>What one export wrote.</summary>
/// <param name="Location">Where the copy now lives: the folder itself, or the sibling its link points at.</param>
/// <param name="UnresolvedLinks">Root-relative links in the pages that lead to nothing in the copy (left as they were).</param>
public sealed record ExportResult(string Location, int Files, long Bytes, string ContentVersion, DateTime GeneratedAt, IReadOnlyCollection<string> UnresolvedLinks);

/// <summary>
/// Writes the public site as static files: every registered <see cref="IExportSource"/> for one snapshot, links made
/// relative, put in place by <see cref="ExportFolder"/> so it changes in one step.
/// </summary>
public sealed class StaticExporter(
    IEnumerable<IExportSource> sources,
    StatusSnapshotService snapshots,
    TimeProvider time,
    ILogger<StaticExporter> logger)
{
    /// <summary>Writes the copy and puts it in place; earlier copies are left for <see cref="ExportFolder.RemoveOldCopies"/>.</summary>
    /// <param name="linked">Keep the copy behind a symbolic link swapped in one step (the automatic export); see <see cref="ExportFolder"/>.</param>
    public async Task<ExportResult> ExportAsync(ExportFolder folder, bool linked = false, CancellationToken cancellationToken = default)
    {
        if (folder.Refusal() is { } refusal)
        {
            throw new ExportRefusedException(refusal);
        }

        var snapshot = snapshots.Current;
        var context = new ExportContext(snapshot, time.GetUtcNow().UtcDateTime);
        // Everything is rendered before anything is written: a page that fails to render leaves no folder behind.
        var files = new Dictionary<string, ExportFile>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            await foreach (var file in source.FilesAsync(context, cancellationToken))
            {
                CheckPath(file.Path, source);
                if (!files.TryAdd(file.Path, file))
                {
                    throw new InvalidOperationException($"Two export sources write {file.Path} (the second is {source.GetType().Name}).");
                }
            }
        }

        var pathsByUrl = files.Values.ToDictionary(f => f.LiveUrl, f => f.Path, StringComparer.Ordinal);
        var unresolved = new SortedSet<string>(StringComparer.Ordinal);
        var staging = folder.CreateStaging();
        long bytes = 0;
        try
        {
            foreach (var file in files.Values)
            {
                var content = file.Path.EndsWith(".html", StringComparison.Ordinal)
                    ? Encoding.UTF8.GetBytes(RelativeLinks.Rewrite(Encoding.UTF8.GetString(file.Content), file.FromSiteRoot ? null : file.Path, pathsByUrl, unresolved))
                    : file.Content;
                var target = Path.Combine(staging, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllBytesAsync(target, content, cancellationToken);
                bytes += content.Length;
            }

            await File.WriteAllTextAsync(
                Path.Combine(staging, ExportFolder.MarkerFile),
                $"A static copy of the public status page written by StatusHub at {context.GeneratedAt:O} (content version {snapshot.ContentVersion}).\n",
                cancellationToken);
            var location = folder.Publish(staging, linked);
            if (unresolved.Count > 0)
            {
                logger.LogInformation("{Count} links in the static copy lead to pages it does not have and were left as they were: {Links}", unresolved.Count, string.Join(", ", unresolved.Take(10)));
            }

            return new ExportResult(location, files.Count, bytes, snapshot.ContentVersion, context.GeneratedAt, unresolved);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    /// <summary>Relative, '/'-separated, no "." or ".." segment: a source can never write outside the copy.</summary>
    private static void CheckPath(string path, IExportSource source)
    {
        var segments = path.Split('/');
        if (path.Length == 0 || path.Contains('\\', StringComparison.Ordinal) || Path.IsPathRooted(path) || segments.Any(s => s is "" or "." or ".."))
        {
            throw new InvalidOperationException($"{source.GetType().Name} gave the export path '{path}': paths are relative, '/'-separated, without empty, '.' or '..' segments.");
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }
}
