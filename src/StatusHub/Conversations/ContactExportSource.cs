using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Options;
using StatusHub.Conversations.Pages;
using StatusHub.StaticExport;
using StatusHub.StatusPage;

namespace StatusHub.Conversations;

/// <summary>
/// The Contact us form in the static copy, only when <see cref="StatusPageOptions.PublicUrl"/> names the live StatusHub
/// it posts to (as the Subscribe link): a copy without one has no form and no link to one.
/// </summary>
public sealed class ContactExportSource(PublicPageRenderer pages, ConversationService conversations, IOptions<StatusPageOptions> page, IOptionsMonitor<ConversationsOptions> options) : IExportSource
{
    public async IAsyncEnumerable<ExportFile> FilesAsync(ExportContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(page.Value.PublicUrl))
        {
            yield break;
        }

        var html = await pages.RenderHtmlAsync<ContactPage>(context.Snapshot, page.Value.PageTitle(page.Value.Words["Nav.Contact"]), new Dictionary<string, object?>
        {
            [nameof(ContactPage.Action)] = page.Value.BaseUrl + ContactForm.Path,
            [nameof(ContactPage.RetentionDays)] = options.CurrentValue.RetentionDays,
            [nameof(ContactPage.AnswersByEmail)] = conversations.AnswersByEmail,
        }, context.GeneratedAt);
        yield return new ExportFile("contact/index.html", Encoding.UTF8.GetBytes(html), ContactForm.Path);
    }
}
