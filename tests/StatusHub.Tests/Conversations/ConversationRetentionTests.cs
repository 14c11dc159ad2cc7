using StatusHub.Channels.Outbox;
using StatusHub.Conversations;
using StatusHub.Channels;
using StatusHub.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace StatusHub.Tests.Conversations;

/// <summary>Addresses are deleted with their conversation after the retention period, counted from the last message.</summary>
public sealed class ConversationRetentionTests : IDisposable
{
    private readonly TestStore _store = new();

    private ConversationService Conversations => _store.Get<ConversationService>();

    [Fact]
    public void AConversationIsDeletedWithItsAddressAfterTheRetentionPeriodSinceItsLastMessage()
    {
        var old = Conversations.Receive(new CustomerMessage(ChannelNames.Email, "old@example.org", "First", Client: "192.0.2.1")).Conversation!;
        _store.Time.Advance(TimeSpan.FromDays(30));
        var active = Conversations.Receive(new CustomerMessage(ChannelNames.Email, "active@example.org", "First", Client: "192.0.2.1")).Conversation!;
        _store.Time.Advance(TimeSpan.FromDays(59));
        Conversations.Receive(new CustomerMessage(ChannelNames.Email, "active@example.org", "Again", Client: "192.0.2.2"));

        var beforeTheEnd = Conversations.DeleteExpired();
        _store.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var atTheEnd = Conversations.DeleteExpired();

        Assert.Equal(0, beforeTheEnd);
        Assert.Equal(1, atTheEnd);
        Assert.Null(Conversations.Find(old.Id));
        Assert.NotNull(Conversations.Find(active.Id));
        Assert.DoesNotContain(_store.Store.Collection<ConversationMessage>().FindAll(), m => m.ConversationId == old.Id);
        Assert.DoesNotContain("old@example.org", string.Join('\n', _store.Store.Collection<Conversation>().FindAll().Select(c => c.Address)));
    }

    [Fact]
    public void TheOutboxCopiesOfTheAnswersGoWithTheConversation()
    {
        using var data = new TempFolder();
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = data.Path,
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:From"] = "status@example.net",
            ["Conversations:RetentionDays"] = "10",
        };
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestStore.Start);
        using var app = AppServices.Build(settings, time);
        var conversations = app.Services.GetRequiredService<ConversationService>();
        var lite = app.Services.GetRequiredService<LiteStore>();
        var conversation = conversations.Receive(new CustomerMessage(ChannelNames.Email, "gone@example.org", "Hello", Client: "192.0.2.1")).Conversation!;
        conversations.Reply(conversation.Id, "Hi", "oncall@example.com");
        Assert.Single(lite.Collection<Delivery>().Find(d => d.Target == "gone@example.org"));

        time.Advance(TimeSpan.FromDays(11));
        conversations.DeleteExpired();

        Assert.Empty(lite.Collection<Delivery>().Find(d => d.Target == "gone@example.org"));
        Assert.Empty(lite.Collection<Notification>().Find(n => n.Event == NotificationEvent.ConversationReply));
    }

    public void Dispose() => _store.Dispose();
}
