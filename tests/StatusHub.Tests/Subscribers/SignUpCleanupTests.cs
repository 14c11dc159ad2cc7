using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Subscribers;
using StatusHub.Tests.Channels.Email;

namespace StatusHub.Tests.Subscribers;

/// <summary>Someone who typed an address and never confirmed leaves nothing behind once the link has long expired.</summary>
public sealed class SignUpCleanupTests : EmailAppTest
{
    [Fact]
    public async Task ForgetsAnExpiredSignUpAndItsLinkButNoSubscriberAndNoIncidentNotice()
    {
        await using var app = App.WithEmail(Sink, []);
        using var client = app.CreateClient();
        var subscribers = app.Services.GetRequiredService<SubscriberService>();
        var outbox = app.Services.GetRequiredService<OutboxReadModel>();
        await client.SignUpAsync("walked.away@example.org");
        subscribers.AddConfirmed(ChannelNames.Email, "stays@example.org", true, null, "staff@example.net");
        var incident = app.OpenIncident("Mail delayed");
        await Sink.WaitForAsync("walked.away@example.org", 1);
        await Sink.WaitForAsync("stays@example.org", 1);

        // Seven days for the link, a day of grace: one minute short of that, nothing goes.
        App.Time.Advance(TimeSpan.FromDays(8) - TimeSpan.FromMinutes(1));
        var early = app.Services.GetRequiredService<SignUpCleanup>().RunOnce();
        Assert.NotNull(subscribers.Find(ChannelNames.Email, "walked.away@example.org"));

        App.Time.Advance(TimeSpan.FromMinutes(2));
        await client.SignUpAsync("just.now@example.org");
        await Sink.WaitForAsync("just.now@example.org", 1);
        app.Services.GetRequiredService<SignUpCleanup>().RunOnce();

        Assert.Equal((0, 0), early);
        Assert.Null(subscribers.Find(ChannelNames.Email, "walked.away@example.org"));
        Assert.Equal(SubscriberState.Active, subscribers.Find(ChannelNames.Email, "stays@example.org")!.State);
        Assert.Equal(SubscriberState.Pending, subscribers.Find(ChannelNames.Email, "just.now@example.org")!.State);
        var left = outbox.RecentNotifications(50);
        Assert.Single(left, n => n.Event == NotificationEvent.SubscriptionConfirmation);
        Assert.Contains(left, n => n.Subject == $"incident:{incident.Id}");
        var store = app.Services.GetRequiredService<StatusHub.Storage.LiteStore>();
        Assert.DoesNotContain(store.Collection<Delivery>().FindAll(), d => d.Target == "walked.away@example.org");
    }
}
