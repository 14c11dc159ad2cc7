using System.Runtime.CompilerServices;
using StatusHub.StaticExport;

namespace StatusHub.StatusPage;

/// <summary>
/// Every public file of every feature (v2 JSON, feeds, calendar, badges, widget) in the static copy, with the bytes
/// the live app serves, at the same paths, so a Statuspage client or feed reader pointed at the copy reads the same.
/// </summary>
public sealed class PublicResourcesExportSource(PublicResources resources) : IExportSource
{
    public async IAsyncEnumerable<ExportFile> FilesAsync(ExportContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var resource in resources.For(context.Snapshot))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ExportFile(resource.Path.TrimStart('/'), resource.Render(context.Snapshot));
        }

        await Task.CompletedTask;
    }
}
