using System.Net;
using StatusHub.Channels;
using StatusHub.Channels.Announcements;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.Tests.Channels.Sms;

namespace StatusHub.Tests.Channels.Announcements;

public class AnnouncementChannelTests
{
    [Fact]
    public async Task PostsSlackBlockKitWithAPlainTextFallback()
    {
        await using var room = await AnnouncementRig.StartAsync(ChannelNames.Slack);
        var (store, slack, rig) = room;

        var incident = rig.OpenIncident("Checkout <is> down");
        await rig.DeliverDueAsync();

        var post = Assert.Single(slack.Delivered).Json;
        Assert.Equal($"Checkout <is> down: {ChannelApp.PageUrl}/incidents/{incident.Id}", post.GetProperty("text").GetString());
        var blocks = post.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(("header", "plain_text", "Checkout <is> down"), (blocks[0].GetProperty("type").GetString(), blocks[0].GetProperty("text").GetProperty("type").GetString(), blocks[0].GetProperty("text").GetProperty("text").GetString()));
        Assert.Equal("mrkdwn", blocks[1].GetProperty("text").GetProperty("type").GetString());
        Assert.StartsWith("*Investigating* – We are looking into failed payments.", blocks[1].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal($"<{ChannelApp.PageUrl}/incidents/{incident.Id}|Details on the status page>", blocks[2].GetProperty("elements")[0].GetProperty("text").GetString());
        var delivery = Assert.Single(rig.Deliveries(ChannelNames.Slack));
        Assert.Equal(DeliveryState.Sent, delivery.State);
        Assert.DoesNotContain("slack-secret-token", delivery.Target);
    }

    [Fact]
    public async Task PostsInThePagesLanguage()
    {
        await using var room = await AnnouncementRig.StartAsync(ChannelNames.Slack, language: "de");
        var (_, slack, rig) = room;

        var incident = rig.OpenIncident("Checkout is down");
        await rig.DeliverDueAsync();

        var blocks = Assert.Single(slack.Delivered).Json.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal("*Wird untersucht* – We are looking into failed payments.", blocks[1].GetProperty("text").GetProperty("text").GetString()!.Split('\n')[0]);
        Assert.Equal($"<{ChannelApp.PageUrl}/incidents/{incident.Id}|Details auf der Statusseite>", blocks[2].GetProperty("elements")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task PostsAMattermostAttachmentColouredByImpact()
    {
        await using var room = await AnnouncementRig.StartAsync(ChannelNames.Mattermost);
        var (store, mattermost, rig) = room;

        var incident = rig.OpenIncident();
        await rig.DeliverDueAsync();

        var attachment = Assert.Single(Assert.Single(mattermost.Delivered).Json.GetProperty("attachments").EnumerateArray());
        Assert.Equal("Checkout is down", attachment.GetProperty("title").GetString());
        Assert.Equal($"{ChannelApp.PageUrl}/incidents/{incident.Id}", attachment.GetProperty("title_link").GetString());
        Assert.Equal("#E67E22", attachment.GetProperty("color").GetString());
        Assert.StartsWith("Checkout is down: ", attachment.GetProperty("fallback").GetString());
        Assert.StartsWith("**Investigating** – We are looking into failed payments.", attachment.GetProperty("text").GetString());
    }

    [Fact]
    public async Task PostsAnAdaptiveCardToATeamsWorkflowWhichAnswers202()
    {
        await using var room = await AnnouncementRig.StartAsync(ChannelNames.Teams);
        var (store, teams, rig) = room;

        var incident = rig.OpenIncident();
        await rig.DeliverDueAsync();

        var post = Assert.Single(teams.Delivered);
        Assert.Equal("teams-secret-sig", post.Query["sig"]);
        Assert.Equal("message", post.Json.GetProperty("type").GetString());
        var attachment = Assert.Single(post.Json.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal(("AdaptiveCard", "1.4"), (card.GetProperty("type").GetString(), card.GetProperty("version").GetString()));
        var body = card.GetProperty("body").EnumerateArray().ToList();
        Assert.Equal(("Checkout is down", "Bolder", "Warning"), (body[0].GetProperty("text").GetString(), body[0].GetProperty("weight").GetString(), body[0].GetProperty("color").GetString()));
        Assert.StartsWith("**Investigating**", body[1].GetProperty("text").GetString());
        var action = Assert.Single(card.GetProperty("actions").EnumerateArray());
        Assert.Equal(("Action.OpenUrl", $"{ChannelApp.PageUrl}/incidents/{incident.Id}"), (action.GetProperty("type").GetString(), action.GetProperty("url").GetString()));
        Assert.Equal(DeliveryState.Sent, Assert.Single(rig.Deliveries(ChannelNames.Teams)).State);
    }

    [Fact]
    public async Task PostsADiscordEmbedColouredByImpactWaitingForTheSavedMessage()
    {
        await using var room = await AnnouncementRig.StartAsync(ChannelNames.Discord);
        var (store, discord, rig) = room;

        rig.Incidents.Open(new NewIncident("Login fails", IncidentImpact.Critical, new UpdateDraft(IncidentStatus.Investigating, "Ping @everyone")), "oncall@example.com");
        await rig.DeliverDueAsync();

        var post = Assert.Single(discord.Delivered);
        Assert.Equal("true", post.Query["wait"]);
        Assert.False(post.Query.ContainsKey("thread_id"));
        var embed = Assert.Single(post.Json.GetProperty("embeds").EnumerateArray());
        Assert.Equal("Login fails", embed.GetProperty("title").GetString());
        Assert.Equal(0xE74C3C, embed.GetProperty("color").GetInt32());
        Assert.StartsWith("**Investigating** – Ping @everyone", embed.GetProperty("description").GetString());
        Assert.Empty(post.Json.GetProperty("allowed_mentions").GetProperty("parse").EnumerateArray());
        Assert.False(post.Json.TryGetProperty("thread_name", out _));
        var delivery = Assert.Single(rig.Deliveries(ChannelNames.Discord));
        Assert.Equal(DeliveryState.Sent, delivery.State);
        Assert.Equal(System.Text.Json.JsonDocument.Parse(post.Answer.Body).RootElement.GetProperty("id").GetString(), delivery.ExternalId);
    }

    [Fact]
    public async Task OpensADiscordForumThreadPerIncidentAndPostsItsUpdatesInIt()
    {
        await using var room = await AnnouncementRig.StartAsync(ChannelNames.Discord, forum: true);
        var (store, discord, rig) = room;

        var incident = rig.OpenIncident("Checkout is down");
        await rig.DeliverDueAsync();
        incident = rig.Incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Identified, "A bad deploy."), "oncall@example.com");
        await rig.DeliverDueAsync();
        rig.OpenIncident("Search is slow");
        await rig.DeliverDueAsync();

        var posts = discord.Delivered;
        Assert.Equal(3, posts.Count);
        Assert.Equal("Checkout is down", posts[0].Json.GetProperty("thread_name").GetString());
        Assert.False(posts[0].Query.ContainsKey("thread_id"));
        var thread = rig.Deliveries(ChannelNames.Discord)[0].ExternalId;
        Assert.NotNull(thread);
        Assert.Equal(thread, posts[1].Query["thread_id"]);
        Assert.False(posts[1].Json.TryGetProperty("thread_name", out _));
        // Another incident, another thread.
        Assert.Equal("Search is slow", posts[2].Json.GetProperty("thread_name").GetString());
        Assert.False(posts[2].Query.ContainsKey("thread_id"));
    }

    [Fact]
    public async Task PostsEveryUpdateOnItsOwnInAPlainDiscordTextChannel()
    {
        await using var room = await AnnouncementRig.StartAsync(ChannelNames.Discord);
        var (store, discord, rig) = room;

        var incident = rig.OpenIncident();
        await rig.DeliverDueAsync();
        rig.Incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Identified, "A bad deploy."), "oncall@example.com");
        await rig.DeliverDueAsync();

        Assert.Equal(2, discord.Delivered.Count);
        Assert.All(discord.Delivered, post => Assert.False(post.Query.ContainsKey("thread_id") || post.Json.TryGetProperty("thread_name", out _)));
    }

    [Theory]
    [InlineData(ChannelNames.Slack)]
    [InlineData(ChannelNames.Mattermost)]
    [InlineData(ChannelNames.Teams)]
    public async Task A429IsRetriedAfterTheRetryAfterTheWebhookGave(string platform)
    {
        await using var room = await AnnouncementRig.StartAsync(platform);
        var (store, peer, rig) = room;
        peer.AnswerNext(ChatPlatformPeer.TooManyRequests(40));

        rig.OpenIncident();
        await rig.DeliverDueAsync();

        SmsProviderPeer.AssertRetriedAfter(Assert.Single(rig.Deliveries(platform)), TimeSpan.FromSeconds(40));
        store.Time.Advance(TimeSpan.FromSeconds(41));
        await rig.DeliverDueAsync();
        Assert.Equal(DeliveryState.Sent, Assert.Single(rig.Deliveries(platform)).State);
        Assert.Equal(2, peer.Posts.Count);
    }

    [Fact]
    public async Task ADiscord429IsRetriedAfterTheRetryAfterInItsJson()
    {
        await using var room = await AnnouncementRig.StartAsync(ChannelNames.Discord);
        var (store, discord, rig) = room;
        discord.AnswerNext(ChatPlatformPeer.DiscordTooManyRequests(64.5));

        rig.OpenIncident();
        await rig.DeliverDueAsync();

        var delivery = Assert.Single(rig.Deliveries(ChannelNames.Discord));
        SmsProviderPeer.AssertRetriedAfter(delivery, TimeSpan.FromSeconds(64.5));
        Assert.Contains("You are being rate limited.", delivery.LastError);
    }

    [Theory]
    [InlineData(ChannelNames.Slack, HttpStatusCode.InternalServerError)]
    [InlineData(ChannelNames.Mattermost, HttpStatusCode.ServiceUnavailable)]
    [InlineData(ChannelNames.Teams, HttpStatusCode.BadGateway)]
    [InlineData(ChannelNames.Discord, HttpStatusCode.InternalServerError)]
    public async Task A5xxIsRetriedWithoutMarkingTheEndpoint(string platform, HttpStatusCode status)
    {
        await using var room = await AnnouncementRig.StartAsync(platform);
        var (store, peer, rig) = room;
        peer.AnswerNext(new ChatPlatformPeer.Answer(status, "upstream trouble"));

        rig.OpenIncident();
        await rig.DeliverDueAsync();

        SmsProviderPeer.AssertRetriedWithoutMarkingTheNumber(store, Assert.Single(rig.Deliveries(platform)), $"HTTP {(int)status}");
        store.Time.Advance(TimeSpan.FromMinutes(1));
        await rig.DeliverDueAsync();
        Assert.Equal(DeliveryState.Sent, Assert.Single(rig.Deliveries(platform)).State);
    }

    [Theory]
    [InlineData(ChannelNames.Slack, HttpStatusCode.NotFound, "no_service")]
    [InlineData(ChannelNames.Slack, HttpStatusCode.Forbidden, "invalid_token")]
    [InlineData(ChannelNames.Slack, HttpStatusCode.BadRequest, "invalid_payload")]
    [InlineData(ChannelNames.Mattermost, HttpStatusCode.NotFound, "Unable to find the webhook")]
    [InlineData(ChannelNames.Teams, HttpStatusCode.Unauthorized, "DirectApiAuthorizationRequired")]
    public async Task ARefusalMarksTheEndpointFailingAndLaterNoticesSkipIt(string platform, HttpStatusCode status, string error)
    {
        await using var room = await AnnouncementRig.StartAsync(platform);
        var (store, peer, rig) = room;
        var endpoint = room.Endpoint;
        peer.AnswerNext(new ChatPlatformPeer.Answer(status, error));

        rig.OpenIncident();
        await rig.DeliverDueAsync();
        rig.OpenIncident("Search is slow");
        await rig.DeliverDueAsync();

        var delivery = Assert.Single(rig.Deliveries(platform));
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Contains(error, delivery.LastError);
        var failing = Assert.Single(store.Store.Collection<FailingTarget>().FindAll());
        Assert.Equal((platform, endpoint.Id), (failing.Channel, failing.Target));
        Assert.Single(peer.Posts);
    }

    [Fact]
    public async Task DiscordsUnknownWebhookMarksTheEndpointFailing()
    {
        await using var room = await AnnouncementRig.StartAsync(ChannelNames.Discord);
        var (store, discord, rig) = room;
        discord.AnswerNext(ChatPlatformPeer.DiscordError(HttpStatusCode.NotFound, 10015, "Unknown Webhook"));

        rig.OpenIncident();
        await rig.DeliverDueAsync();

        var delivery = Assert.Single(rig.Deliveries(ChannelNames.Discord));
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Contains("10015", delivery.LastError);
        Assert.Contains("Unknown Webhook", delivery.LastError);
        Assert.Single(store.Store.Collection<FailingTarget>().FindAll());
    }

    [Theory]
    [InlineData(ChannelNames.Slack, 60)]
    [InlineData(ChannelNames.Discord, 30)]
    public async Task SendsNoMoreIntoOneWebhookInAMinuteThanThePlatformTakes(string platform, int perMinute)
    {
        await using var room = await AnnouncementRig.StartAsync(platform);
        var (store, peer, rig) = room;
        var health = rig.Get<ChannelHealthService>();
        for (var i = 0; i <= perMinute; i++)
        {
            health.SendTest(platform, AnnouncementRig.Admin);
        }

        await rig.DeliverDueAsync();

        Assert.Equal(perMinute, peer.Posts.Count);
        var waiting = Assert.Single(rig.Deliveries(platform), d => d.State == DeliveryState.Pending);
        Assert.Equal(0, waiting.Attempts);
        store.Time.Advance(TimeSpan.FromMinutes(1));
        await rig.DeliverDueAsync();
        Assert.Equal(perMinute + 1, peer.Posts.Count);
    }

    [Fact]
    public async Task AUrlThatCanNoLongerBeDecryptedIsRefusedForGoodNotRetried()
    {
        await using var room = await AnnouncementRig.StartAsync(ChannelNames.Slack);
        var (store, slack, rig) = room;
        store.Store.Collection<AnnouncementEndpoint>().Update(room.Endpoint with { ProtectedUrl = "CfDJ8-not-a-protected-payload" });

        rig.OpenIncident();
        await rig.DeliverDueAsync();

        var delivery = Assert.Single(rig.Deliveries(ChannelNames.Slack));
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Contains("cannot be decrypted", delivery.LastError);
        Assert.Empty(slack.Posts);
    }

    [Fact]
    public async Task ADeliveryToAnEndpointRemovedSinceItWasQueuedIsDropped()
    {
        await using var room = await AnnouncementRig.StartAsync(ChannelNames.Discord);
        var (_, discord, rig) = room;
        rig.OpenIncident();
        rig.Get<AnnouncementEndpointService>().Remove(room.Endpoint.Id, AnnouncementRig.Admin);
        // A second endpoint keeps the channel on, so the queued row is attempted.
        rig.Get<AnnouncementEndpointService>().Add(ChannelNames.Discord, discord.WebhookUrl + "-other", null, null, forum: false, AnnouncementRig.Admin);

        await rig.DeliverDueAsync();

        var delivery = Assert.Single(rig.Deliveries(ChannelNames.Discord));
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Contains("was removed", delivery.LastError);
        Assert.Empty(discord.Posts);
    }

    [Fact]
    public async Task IsOffUntilAnEndpointOfItsPlatformIsRegistered()
    {
        using var store = new TestStore();
        await using var slack = await ChatPlatformPeer.SlackAsync();
        using var rig = AnnouncementRig.Start(store);
        var channel = rig.Publisher.Channels.Single(c => c.Name == ChannelNames.Slack);
        Assert.Contains("no Slack webhook registered", channel.ConfigurationProblem);

        rig.Get<AnnouncementEndpointService>().Add(ChannelNames.Slack, slack.WebhookUrl, null, null, forum: false, AnnouncementRig.Admin);

        Assert.Null(channel.ConfigurationProblem);
        Assert.Contains("no Discord webhook registered", rig.Publisher.Channels.Single(c => c.Name == ChannelNames.Discord).ConfigurationProblem);
    }
}
