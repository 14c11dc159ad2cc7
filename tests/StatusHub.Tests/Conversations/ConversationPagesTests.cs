using Bunit;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.Conversations;
using StatusHub.Conversations.Pages;

namespace StatusHub.Tests.Conversations;

/// <summary>The Conversations pages as staff use them, over the real service and store (no channel configured).</summary>
public sealed class ConversationPagesTests : StaffPageApp
{
    public ConversationPagesTests() => Services.AddSingleton(Store.Get<ConversationService>());

    private ConversationService Conversations => Store.Get<ConversationService>();

    [Fact]
    public void TheListSearchesByAddressAndTextAndFiltersOpenAndClosed()
    {
        var ann = Receive("ann@example.org", "Invoices missing");
        Receive("bob@example.org", "Password reset mail never came");
        Conversations.SetState(ann.Id, ConversationState.Closed, Editor);

        var page = Render<StatusHub.Conversations.Pages.Conversations>();
        var open = page.FindAll("tr[data-conversation]").Select(r => r.TextContent).ToList();
        page.Find("#conversation-query").Change("invoices");
        page.Find("#conversation-state").Change("all");
        page.Find("#conversation-search").Submit();
        var found = page.FindAll("tr[data-conversation]").Select(r => r.GetAttribute("data-conversation")).ToList();

        Assert.Single(open);
        Assert.Contains("bob@example.org", open[0]);
        Assert.Equal([ann.Id], found);
    }

    [Fact]
    public void TheListMarksOpenConversationsWhoseCustomerWaitsForAnAnswer()
    {
        var ann = Receive("ann@example.org", "Invoices missing");
        var bob = Receive("bob@example.org", "Never mind, found it");
        Conversations.SetState(bob.Id, ConversationState.Closed, Editor);

        var page = Render<StatusHub.Conversations.Pages.Conversations>();
        page.Find("#conversation-state").Change("all");
        page.Find("#conversation-search").Submit();

        Assert.Equal("open waiting for an answer", page.Find($"tr[data-conversation='{ann.Id}'] .state").TextContent);
        Assert.Equal("closed", page.Find($"tr[data-conversation='{bob.Id}'] .state").TextContent);
    }

    [Fact]
    public void AConversationShowsBothSidesClosesAndReopensUnderTheSignedInPersonAndSaysWhyAnAnswerCannotGo()
    {
        var conversation = Receive("carol@example.org", "Is webmail down?");

        var page = Render<ConversationView>(p => p.Add(c => c.Id, conversation.Id));
        var warning = page.Find("#channel-off").TextContent;
        page.Find("#reply-text").Change("We are on it.");
        page.Find("#reply").Submit();
        var refusal = page.FindAll(".error").Last().TextContent;
        page.Find("#close").Click();
        var closed = page.Find(".state").TextContent;
        page.Find("#reopen").Click();

        Assert.Contains("Is webmail down?", page.Find(".message-in").TextContent);
        Assert.Contains("The email channel is off (missing Email:Smtp:Host", warning);
        Assert.Contains("so no answer can go out", warning);
        Assert.Contains("The email channel is off", refusal);
        Assert.Equal("We are on it.", page.Find("#reply-text").GetAttribute("value"));
        Assert.Equal("closed", closed);
        Assert.Equal("open", page.Find(".state").TextContent);
        var audit = Store.Store.Collection<AuditEntry>().FindAll().Where(e => e.Subject == Conversation.AuditSubject(conversation.Id)).ToList();
        Assert.Equal(["conversation.closed", "conversation.reopened"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal(Editor, e.Actor));
    }

    private Conversation Receive(string email, string text) =>
        Conversations.Receive(new CustomerMessage(ChannelNames.Email, email, text, Client: email)).Conversation!;
}
