using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Incidents;

namespace StatusHub.Tests.Channels.Telegram;

/// <summary>The whole app (configuration, publisher, outbox, dispatcher) talking to the fake Bot API.</summary>
public sealed class TelegramEndToEndTests
{
    private const string Channel = "@statushub_status";
    private const string Group = "-1001234567890";

    [Fact]
    public async Task AnnouncesAnIncidentsWholeLifeInBothChatsThreadedPinnedAndUnpinned()
    {
        using var factory = new StatusHubApp();
        await using var api = await FakeTelegramBotApi.StartAsync(factory.Time);
        using var app = factory.WithWebHostBuilder(host => host
            .UseSetting("Telegram:BotToken", FakeTelegramBotApi.Token)
            .UseSetting("Telegram:ApiBaseUrl", api.BaseUrl)
            .UseSetting("Telegram:ChannelChatId", Channel)
            .UseSetting("Telegram:GroupChatId", Group)
            .UseSetting("StatusPage:PublicUrl", "https://status.example.com"));
        var incidents = app.Services.GetRequiredService<IncidentService>();

        // Staff work faster than the dispatcher here: all four notices are queued before most are sent.
        var incident = incidents.Open(new NewIncident("Checkout fails", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "Looking into it.")), "staff@example.com");
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        incident = incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Identified, "A bad deploy."), "staff@example.com");
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        incident = incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Monitoring, "Rolled back."), "staff@example.com");
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        incidents.Resolve(incident.Id, incident.Version, "Checkout works again.", "staff@example.com");

        var calls = await api.WaitForAsync(c => c.Count(m => m.Method == "sendMessage" && m.Succeeded) == 8 && c.Any(m => m.Method == "unpinChatMessage"));

        Assert.All(calls, c => Assert.True(c.Succeeded, $"{c.Method} to {c.ChatId} failed with {c.ErrorCode}"));
        foreach (var chat in new[] { Channel, Group })
        {
            var posts = calls.Where(c => c.Method == "sendMessage" && c.ChatId == chat).ToList();
            Assert.Equal(4, posts.Count);
            Assert.StartsWith("🔴 <b>Checkout fails</b>", posts[0].Text);
            Assert.Contains("Identified", posts[1].Text);
            Assert.Contains("Monitoring", posts[2].Text);
            Assert.StartsWith("✅ <b>Resolved: Checkout fails</b>", posts[3].Text);
            Assert.Null(posts[0].ReplyTo);
            Assert.All(posts.Skip(1), p => Assert.Equal(posts[0].MessageId, p.ReplyTo));
        }

        var root = calls.First(c => c.Method == "sendMessage" && c.ChatId == Channel).MessageId;
        var channelCalls = calls.Where(c => c.ChatId == Channel).Select(c => (c.Method, c.MessageId == root)).ToList();
        Assert.Equal(
            [("sendMessage", true), ("pinChatMessage", true), ("sendMessage", false), ("sendMessage", false), ("sendMessage", false), ("unpinChatMessage", true)],
            channelCalls);
        Assert.DoesNotContain(calls, c => c.ChatId == Group && c.Method != "sendMessage");
        Assert.Empty(api.Pinned(Channel));
    }
}
