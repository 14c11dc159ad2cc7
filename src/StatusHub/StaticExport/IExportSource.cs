using StatusHub.StatusPage;

namespace StatusHub.StaticExport;

/// <summary>
/// One part of the public site as static files. Every feature that serves something public registers one
/// (<c>builder.Services.AddSingleton&lt;IExportSource, …&gt;()</c> beside its endpoints), and the export, from the
/// command line or refreshed after each change, writes them all: nothing else needs to know the feature exists.
/// </summary>
public interface IExportSource
{
    /// <summary>The files for <see cref="ExportContext.Snapshot"/>. Links in HTML may stay root-relative as the live app
    /// serves them (<c>/incidents/abc</c>): the exporter rewrites each one that leads to an exported file into a relative link.</summary>
    IAsyncEnumerable<ExportFile> FilesAsync(ExportContext context, CancellationToken cancellationToken);
}

/// <summary>What an export is made from: one snapshot, and the moment the copy is written (shown on its pages).</summary>
public sealed record ExportContext(StatusSnapshot Snapshot, DateTime GeneratedAt);

/// <summary>One file of the static copy.</summary>
/// <param name="Path">Relative to the copy's root, '/'-separated: <c>incidents/abc/index.html</c>, <c>api/v2/summary.json</c>.</param>
/// <param name="Url">Where the live app serves the same content, when that is not "/" + <paramref name="Path"/>
/// (<c>/incidents/abc</c>, <c>/history?page=2</c>); links to it in exported HTML are rewritten to <paramref name="Path"/>.</param>
/// <param name="FromSiteRoot">
/// For a page a host serves at any address it has no file for (<c>404.html</c>): its links name the copy's files from the
/// site's root (<c>/css/site.css</c>), as they can only be right where such a host uses it, at the copy's root.
/// </param>
public sealed record ExportFile(string Path, byte[] Content, string? Url = null, bool FromSiteRoot = false)
{
    public string LiveUrl => Url ?? "/" + Path;
}
