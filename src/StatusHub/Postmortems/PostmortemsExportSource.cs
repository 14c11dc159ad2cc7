using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Options;
using StatusHub.Postmortems.Pages;
using StatusHub.StaticExport;
using StatusHub.StatusPage;

namespace StatusHub.Postmortems;

/// <summary>The post-mortems in the static copy: the list, each published post-mortem's page and its Markdown download.</summary>
public sealed class PostmortemsExportSource(PublicPageRenderer pages, IOptions<StatusPageOptions> options) : IExportSource
{
    public async IAsyncEnumerable<ExportFile> FilesAsync(ExportContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = options.Value;
        yield return new ExportFile("postmortems/index.html",
            Encoding.UTF8.GetBytes(await pages.RenderHtmlAsync<PostmortemsPage>(context.Snapshot, $"Post-mortems · {page.Name} status", null, context.GeneratedAt)),
            "/postmortems");
        foreach (var postmortem in context.Snapshot.Postmortems)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var html = await pages.RenderHtmlAsync<PostmortemPage>(context.Snapshot, $"{postmortem.Title} · {page.Name} status",
                new Dictionary<string, object?> { [nameof(PostmortemPage.Postmortem)] = postmortem }, context.GeneratedAt);
            yield return new ExportFile($"postmortems/{postmortem.Id}/index.html", Encoding.UTF8.GetBytes(html), $"/postmortems/{postmortem.Id}");
            yield return new ExportFile($"postmortems/{postmortem.Id}.md", Encoding.UTF8.GetBytes(PostmortemMarkdown.Write(postmortem, page.BaseUrl, page.Words)));
        }
    }
}
