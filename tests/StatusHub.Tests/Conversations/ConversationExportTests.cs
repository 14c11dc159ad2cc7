using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.Conversations;
using StatusHub.Staff;
using StatusHub.Tests.Subscribers;

namespace StatusHub.Tests.Conversations;

/// <summary>The Conversations page and the export through the real app: staff sign-in required, every export audited.</summary>
public sealed class ConversationExportTests
{
    [Fact]
    public async Task ThePagesAndTheExportAreForStaffOnlyAndTheExportIsAudited()
    {
        await using var app = new StatusHubApp();
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var conversation = app.Services.GetRequiredService<ConversationService>()
            .Receive(new CustomerMessage(ChannelNames.Email, "dan@example.org", "Hello, \"team\"", Client: "192.0.2.1")).Conversation!;
        var editor = app.CreateAccount(StaffRoles.Editor);
        using var staff = await app.CreateSignedInClientAsync(editor);

        var page = await anonymous.GetAsync("/admin/conversations", TestContext.Current.CancellationToken);
        var export = await anonymous.GetAsync($"{ConversationExport.Path}?format=csv", TestContext.Current.CancellationToken);
        var list = await staff.GetStringAsync("/admin/conversations", TestContext.Current.CancellationToken);
        var csv = await staff.GetStringAsync($"{ConversationExport.Path}?format=csv", TestContext.Current.CancellationToken);
        var json = await staff.GetStringAsync($"{ConversationExport.Path}?id={conversation.Id}&format=json", TestContext.Current.CancellationToken);

        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("dan@example.org", await page.TextAsync());
        Assert.NotEqual(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains("dan@example.org", list);
        Assert.StartsWith(ConversationExport.CsvHeader, csv);
        Assert.Contains("\"Hello, \"\"team\"\"\"", csv);
        Assert.Contains("\"address\":\"dan@example.org\"", json);
        var audit = app.Services.GetRequiredService<StatusHub.Storage.LiteStore>().Collection<AuditEntry>().Find(e => e.Action == "conversations.exported").ToList();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, e => Assert.Equal(editor.Email, e.Actor));
    }
}
