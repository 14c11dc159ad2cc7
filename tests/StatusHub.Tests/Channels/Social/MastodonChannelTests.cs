using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Social;

namespace StatusHub.Tests.Channels.Social;

/// <summary>The Mastodon channel against <see cref="FakeMastodon"/>, through the real outbox and dispatcher.</summary>
public sealed class MastodonChannelTests
{
    [Fact]
    public async Task TheFirstPostGoesToStatusesWithTheTokenTheVisibilityAndTheDeliveryAsIdempotencyKey()
    {
        using var store = new TestStore();
        await using var mastodon = await FakeMastodon.StartAsync();
        var settings = SocialRig.Mastodon(mastodon);
        settings["Social:Mastodon:Visibility"] = "unlisted";
        using var rig = new SocialRig(store, settings);

        var incident = rig.Open();
        await rig.DeliverDueAsync();

        var request = Assert.Single(mastodon.Api.Received);
        var delivery = rig.Single(ChannelNames.Mastodon);
        Assert.Equal(("POST", "/api/v1/statuses"), (request.Method, request.Path));
        Assert.Equal("Bearer " + FakeMastodon.Token, request.Header("Authorization"));
        Assert.Equal(delivery.Id, request.Header("Idempotency-Key"));
        // Said up front, not streamed in chunks, which some servers and proxies refuse.
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(request.Body).ToString(CultureInfo.InvariantCulture), request.Header("Content-Length"));
        Assert.Equal("unlisted", request.Json.GetProperty("visibility").GetString());
        Assert.Equal("en", request.Json.GetProperty("language").GetString());
        Assert.False(request.Json.TryGetProperty("in_reply_to_id", out _));
        var text = request.Json.GetProperty("status").GetString()!;
        Assert.StartsWith("🔴 Checkout is down", text);
        Assert.Contains("Investigating: We are looking into failed payments.", text);
        Assert.EndsWith("\n\n" + SocialRig.IncidentUrl(incident), text);
        Assert.Equal((DeliveryState.Sent, (string?)mastodon.Statuses[0]["id"]), (delivery.State, delivery.ExternalId));
    }

    [Fact]
    public async Task PostsInThePagesLanguage()
    {
        using var store = new TestStore();
        await using var mastodon = await FakeMastodon.StartAsync();
        var settings = SocialRig.Mastodon(mastodon);
        settings["StatusPage:Language"] = "de";
        using var rig = new SocialRig(store, settings);

        var incident = rig.Open();
        await rig.DeliverDueAsync();
        rig.Update(incident, "Payments work again.", StatusHub.Incidents.IncidentStatus.Resolved);
        await rig.DeliverDueAsync();

        var posts = mastodon.Api.Received.Select(r => r.Json.GetProperty("status").GetString()!).ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal($"🔴 Checkout is down\n\nWird untersucht: We are looking into failed payments.", posts[0].Split("\n• ")[0].Split("\n\nhttps://")[0]);
        Assert.StartsWith("✅ Behoben: Checkout is down\n\nBehoben: Payments work again.", posts[1]);
    }

    [Fact]
    public async Task UpdatesAndTheResolutionReplyToTheIncidentsFirstPostSoTheIncidentReadsAsAThread()
    {
        using var store = new TestStore();
        await using var mastodon = await FakeMastodon.StartAsync();
        using var rig = new SocialRig(store, SocialRig.Mastodon(mastodon));

        var incident = rig.Open();
        await rig.DeliverDueAsync();
        rig.Update(incident, "The payment provider's API times out.");
        await rig.DeliverDueAsync();
        rig.Update(incident, "Payments work again.", StatusHub.Incidents.IncidentStatus.Resolved);
        await rig.DeliverDueAsync();

        var statuses = mastodon.Statuses;
        Assert.Equal(3, statuses.Count);
        var root = (string?)statuses[0]["id"];
        Assert.Null((string?)statuses[0]["in_reply_to_id"]);
        Assert.Equal([root, root], statuses.Skip(1).Select(s => (string?)s["in_reply_to_id"]));
        Assert.StartsWith("✅ Resolved: Checkout is down", (string?)statuses[2]["text"]);
    }

    [Fact]
    public async Task AnUpdateUnderAFirstPostSomeoneDeletedIsPostedOnItsOwn()
    {
        using var store = new TestStore();
        await using var mastodon = await FakeMastodon.StartAsync();
        using var rig = new SocialRig(store, SocialRig.Mastodon(mastodon));
        var incident = rig.Open();
        await rig.DeliverDueAsync();
        mastodon.Delete((string)mastodon.Statuses.Single()["id"]!);

        rig.Update(incident, "The payment provider's API times out.");
        await rig.DeliverDueAsync();

        var update = Assert.Single(mastodon.Statuses);
        Assert.Null((string?)update["in_reply_to_id"]);
        Assert.Contains("The payment provider's API times out.", (string?)update["text"]);
        Assert.All(rig.Deliveries(ChannelNames.Mastodon), d => Assert.Equal(DeliveryState.Sent, d.State));
    }

    [Fact]
    public async Task TooManyRequestsWaitsUntilXRateLimitResetAndThenPosts()
    {
        using var store = new TestStore();
        await using var mastodon = await FakeMastodon.StartAsync();
        var reset = TestStore.Start.AddMinutes(8).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        mastodon.RefuseNext(FakeMastodon.Error(HttpStatusCode.TooManyRequests, "Too many requests", new Dictionary<string, string> { ["X-RateLimit-Reset"] = reset }));
        using var rig = new SocialRig(store, SocialRig.Mastodon(mastodon));

        rig.Open();
        await rig.DeliverDueAsync();
        var waiting = rig.Single(ChannelNames.Mastodon);
        store.Time.Advance(TimeSpan.FromMinutes(6));
        await rig.DeliverDueAsync();

        Assert.Equal((DeliveryState.Pending, 1), (waiting.State, waiting.Attempts));
        Assert.Equal(TimeSpan.FromMinutes(7), waiting.NextAttemptAt - waiting.LastAttemptAt!.Value);
        Assert.Contains("429", waiting.LastError);
        Assert.Equal(DeliveryState.Sent, rig.Single(ChannelNames.Mastodon).State);
        Assert.Single(mastodon.Statuses);
    }

    [Fact]
    public async Task AServerErrorIsRetriedWithoutMarkingTheAccountFailing()
    {
        using var store = new TestStore();
        await using var mastodon = await FakeMastodon.StartAsync();
        mastodon.RefuseNext(FakeMastodon.Error(HttpStatusCode.ServiceUnavailable, "Service Unavailable"));
        using var rig = new SocialRig(store, SocialRig.Mastodon(mastodon));

        rig.Open();
        await rig.DeliverDueAsync();
        var failed = rig.Single(ChannelNames.Mastodon);
        var markedFailing = rig.IsMarkedFailing(ChannelNames.Mastodon);
        await rig.DeliverRetriesAsync();

        Assert.Equal((DeliveryState.Pending, 1), (failed.State, failed.Attempts));
        Assert.False(markedFailing);
        Assert.Equal(DeliveryState.Sent, rig.Single(ChannelNames.Mastodon).State);
    }

    [Fact]
    public async Task ARefusedTokenIsPermanentAndNamesTheKeyToFix()
    {
        using var store = new TestStore();
        await using var mastodon = await FakeMastodon.StartAsync();
        using var rig = new SocialRig(store, SocialRig.Mastodon(mastodon, token: "revoked-token"));

        rig.Open();
        await rig.DeliverDueAsync();

        var delivery = rig.Single(ChannelNames.Mastodon);
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Contains("401 The access token is invalid", delivery.LastError);
        Assert.Contains("Social:Mastodon:AccessToken", delivery.LastError);
        Assert.Empty(mastodon.Statuses);
    }

    [Fact]
    public async Task AValidationRefusalIsPermanentWithTheInstancesReason()
    {
        using var store = new TestStore();
        await using var mastodon = await FakeMastodon.StartAsync();
        mastodon.RefuseNext(FakeMastodon.Error(HttpStatusCode.UnprocessableEntity, "Validation failed: Text contains a forbidden word"));
        using var rig = new SocialRig(store, SocialRig.Mastodon(mastodon));

        rig.Open();
        await rig.DeliverDueAsync();

        var delivery = rig.Single(ChannelNames.Mastodon);
        Assert.Equal((DeliveryState.Failed, 1), (delivery.State, delivery.Attempts));
        Assert.Contains("422 Validation failed: Text contains a forbidden word", delivery.LastError);
    }

    [Fact]
    public async Task ARetryAfterALostAnswerSendsTheSameIdempotencyKeySoTheStatusIsPostedOnce()
    {
        using var store = new TestStore();
        await using var mastodon = await FakeMastodon.StartAsync();
        mastodon.LoseNextAnswer();
        using var rig = new SocialRig(store, SocialRig.Mastodon(mastodon));

        rig.Open();
        await rig.DeliverDueAsync();
        var lost = rig.Single(ChannelNames.Mastodon);
        await rig.DeliverRetriesAsync();

        Assert.Equal(DeliveryState.Pending, lost.State);
        var delivery = rig.Single(ChannelNames.Mastodon);
        Assert.Equal((DeliveryState.Sent, 2), (delivery.State, delivery.Attempts));
        Assert.Equal([delivery.Id, delivery.Id], mastodon.Api.Received.Select(r => r.Header("Idempotency-Key")));
        var status = Assert.Single(mastodon.Statuses);
        Assert.Equal((string?)status["id"], delivery.ExternalId);
    }

    [Fact]
    public async Task ALongUpdateIsShortenedToTheLimitWithTheLinkWholeAndThePreviewIsExactlyThePost()
    {
        using var store = new TestStore();
        await using var mastodon = await FakeMastodon.StartAsync();
        var settings = SocialRig.Mastodon(mastodon);
        settings["Social:Mastodon:MaxCharacters"] = "300";
        using var rig = new SocialRig(store, settings);
        var incident = rig.Open();
        await rig.DeliverDueAsync();
        var body = string.Concat(Enumerable.Repeat("The **payment provider** answers slowly; see [their page](https://provider.example/status). ", 20));

        var preview = Assert.Single(rig.PreviewUpdate(incident, body), p => p.Channel == ChannelNames.Mastodon);
        rig.Update(incident, body);
        await rig.DeliverDueAsync();

        var posted = (string)mastodon.Statuses[1]["text"]!;
        Assert.Equal(preview.Message!.Text, posted);
        Assert.Equal(new PostLength(SocialText.MastodonLength(posted), 300, "characters"), preview.Length);
        Assert.InRange(preview.Length!.Count, 280, 300);
        Assert.EndsWith("…\n\n" + SocialRig.IncidentUrl(incident), posted);
        Assert.DoesNotContain("**", posted);
        Assert.Contains("payment provider answers slowly; see their page (https://provider.example/status).", posted);
    }

    [Fact]
    public void IsOffUntilTheInstanceAndTheTokenAreSetAndThenQueuesNothing()
    {
        using var store = new TestStore();
        using var rig = new SocialRig(store, []);

        rig.Open();

        var mastodon = rig.App.Publisher.Channels.Single(c => c.Name == ChannelNames.Mastodon);
        Assert.Equal(
            "missing Social:Mastodon:InstanceUrl (the instance's address, e.g. https://mastodon.social) and Social:Mastodon:AccessToken (a token with write:statuses from Preferences → Development)",
            mastodon.ConfigurationProblem);
        Assert.Empty(rig.Deliveries(ChannelNames.Mastodon));
        var health = Assert.Single(rig.App.Get<ChannelHealthService>().All(), h => h.Channel == ChannelNames.Mastodon);
        Assert.Equal((false, mastodon.ConfigurationProblem), (health.IsOn, health.Problem));
    }

    [Theory]
    [InlineData("Social:Mastodon:Visibility", "direct", "Social:Mastodon:Visibility 'direct' is not public or unlisted")]
    [InlineData("Social:Mastodon:InstanceUrl", "mastodon.social", "Social:Mastodon:InstanceUrl 'mastodon.social' is not an absolute http(s) URL")]
    [InlineData("Social:Mastodon:MaxCharacters", "20", "Social:Mastodon:MaxCharacters 20 is not between 100 and 100000")]
    public void AWrongValueKeepsTheChannelOffAndSaysWhichKey(string key, string value, string problem)
    {
        var options = new MastodonOptions { InstanceUrl = "https://mastodon.social", AccessToken = "token" };
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build()
            .GetSection(MastodonOptions.Section).Bind(options);

        Assert.StartsWith(problem, options.Problem());
    }
}
