using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Social;

namespace StatusHub.Tests.Channels.Social;

/// <summary>The Bluesky channel against <see cref="FakeBlueskyPds"/>, through the real outbox and dispatcher.</summary>
public sealed class BlueskyChannelTests
{
    [Fact]
    public async Task SignsInWithTheAppPasswordAndPostsTheTextWithItsLinkFacetAndTheLinkCard()
    {
        using var store = new TestStore();
        await using var pds = await FakeBlueskyPds.StartAsync();
        var settings = SocialRig.Bluesky(pds);
        settings["StatusPage:Language"] = "de";
        using var rig = new SocialRig(store, settings);

        var incident = rig.Open("Zahlungen schlagen fehl – Kasse ⚠️");
        await rig.DeliverDueAsync();

        var signIn = pds.Api.Received[0];
        Assert.Equal("/xrpc/com.atproto.server.createSession", signIn.Path);
        Assert.Equal((FakeBlueskyPds.Handle, FakeBlueskyPds.AppPassword), (signIn.Json.GetProperty("identifier").GetString(), signIn.Json.GetProperty("password").GetString()));
        var create = pds.Api.Received[1];
        Assert.Equal(("/xrpc/com.atproto.repo.createRecord", "Bearer access-1"), (create.Path, create.Header("Authorization")));
        Assert.Equal((FakeBlueskyPds.Did, "app.bsky.feed.post"), (create.Json.GetProperty("repo").GetString(), create.Json.GetProperty("collection").GetString()));
        Assert.All([signIn, create], r => Assert.Equal(Encoding.UTF8.GetByteCount(r.Body).ToString(CultureInfo.InvariantCulture), r.Header("Content-Length")));
        var (uri, cid, record) = Assert.Single(pds.Posts);
        var text = (string)record["text"]!;
        var url = SocialRig.IncidentUrl(incident);
        Assert.StartsWith("🔴 Zahlungen schlagen fehl – Kasse ⚠️", text);
        Assert.EndsWith("\n\n" + url, text);
        Assert.Equal("2026-11-23T12:01:00.000Z", (string?)record["createdAt"]);
        Assert.Equal(["de"], record["langs"]!.AsArray().Select(l => (string?)l));
        Assert.False(record.ContainsKey("reply"));
        // Facets count UTF-8 bytes: the dash and the emoji before the link take more bytes than characters.
        var facet = Assert.Single(record["facets"]!.AsArray())!;
        var bytes = Encoding.UTF8.GetBytes(text);
        var (start, end) = ((int)facet["index"]!["byteStart"]!, (int)facet["index"]!["byteEnd"]!);
        Assert.Equal(url, Encoding.UTF8.GetString(bytes[start..end]));
        Assert.Equal(bytes.Length, end);
        Assert.Equal(("app.bsky.richtext.facet#link", url), ((string?)facet["features"]![0]!["$type"], (string?)facet["features"]![0]!["uri"]));
        var embed = record["embed"]!;
        Assert.Equal("app.bsky.embed.external", (string?)embed["$type"]);
        Assert.Equal((url, "Zahlungen schlagen fehl – Kasse ⚠️", "Wird untersucht · Statusseite von Acme"),
            ((string?)embed["external"]!["uri"], (string?)embed["external"]!["title"], (string?)embed["external"]!["description"]));
        Assert.Equal((DeliveryState.Sent, BlueskyPost.ExternalId(uri, cid)), (rig.Single(ChannelNames.Bluesky).State, rig.Single(ChannelNames.Bluesky).ExternalId));
    }

    [Fact]
    public async Task UpdatesReplyUnderTheFirstPostAsRootAndParentWithTheSessionKeptBetweenPosts()
    {
        using var store = new TestStore();
        await using var pds = await FakeBlueskyPds.StartAsync();
        using var rig = new SocialRig(store, SocialRig.Bluesky(pds));

        var incident = rig.Open();
        await rig.DeliverDueAsync();
        rig.Update(incident, "Found it.");
        await rig.DeliverDueAsync();
        rig.Update(incident, "Fixed.", StatusHub.Incidents.IncidentStatus.Resolved);
        await rig.DeliverDueAsync();

        var posts = pds.Posts;
        Assert.Equal(3, posts.Count);
        var root = new JsonObject { ["uri"] = posts[0].Uri, ["cid"] = posts[0].Cid };
        Assert.All(posts.Skip(1), post =>
        {
            Assert.True(JsonNode.DeepEquals(root, post.Record["reply"]!["root"]));
            Assert.True(JsonNode.DeepEquals(root, post.Record["reply"]!["parent"]));
        });
        Assert.Equal(1, pds.SignIns);
    }

    [Fact]
    public async Task AnExpiredAccessTokenIsRenewedWithTheRefreshTokenAndThePostGoesOut()
    {
        using var store = new TestStore();
        await using var pds = await FakeBlueskyPds.StartAsync();
        using var rig = new SocialRig(store, SocialRig.Bluesky(pds));
        var incident = rig.Open();
        await rig.DeliverDueAsync();

        pds.ExpireAccessTokens();
        rig.Update(incident, "Found it.");
        await rig.DeliverDueAsync();

        Assert.Equal((1, 1), (pds.SignIns, pds.Refreshes));
        Assert.Equal(2, pds.Posts.Count);
        Assert.All(rig.Deliveries(ChannelNames.Bluesky), d => Assert.Equal((DeliveryState.Sent, 1), (d.State, d.Attempts)));
        Assert.Equal("Bearer refresh-1", pds.Api.Received.Single(r => r.Path.EndsWith("refreshSession", StringComparison.Ordinal)).Header("Authorization"));
    }

    [Fact]
    public async Task ASessionThePdsNoLongerKnowsSignsInOnceMore()
    {
        using var store = new TestStore();
        await using var pds = await FakeBlueskyPds.StartAsync();
        using var rig = new SocialRig(store, SocialRig.Bluesky(pds));
        var incident = rig.Open();
        await rig.DeliverDueAsync();

        pds.RevokeSessions();
        rig.Update(incident, "Found it.");
        await rig.DeliverDueAsync();

        Assert.Equal(2, pds.SignIns);
        Assert.Equal(2, pds.Posts.Count);
        Assert.Equal(DeliveryState.Sent, rig.Deliveries(ChannelNames.Bluesky)[1].State);
    }

    [Fact]
    public async Task TooManyRequestsWaitsUntilRatelimitResetAndAServerErrorIsRetried()
    {
        using var store = new TestStore();
        await using var pds = await FakeBlueskyPds.StartAsync();
        var reset = TestStore.Start.AddMinutes(1).AddSeconds(90).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        pds.RefuseNext(
            FakeBlueskyPds.Error(HttpStatusCode.TooManyRequests, "RateLimitExceeded", "Rate Limit Exceeded",
                new Dictionary<string, string> { ["ratelimit-limit"] = "5000", ["ratelimit-remaining"] = "0", ["ratelimit-reset"] = reset, ["ratelimit-policy"] = "5000;w=3600" }),
            FakeBlueskyPds.Error(HttpStatusCode.BadGateway, "InternalServerError", "Internal Server Error"));
        using var rig = new SocialRig(store, SocialRig.Bluesky(pds));

        rig.Open();
        await rig.DeliverDueAsync();
        var limited = rig.Single(ChannelNames.Bluesky);
        await rig.DeliverRetriesAsync();
        var failed = rig.Single(ChannelNames.Bluesky);
        var markedFailing = rig.IsMarkedFailing(ChannelNames.Bluesky);
        await rig.DeliverRetriesAsync();

        Assert.Equal(TimeSpan.FromSeconds(90), limited.NextAttemptAt - limited.LastAttemptAt!.Value);
        Assert.Contains("429 RateLimitExceeded", limited.LastError);
        Assert.Equal((DeliveryState.Pending, 2), (failed.State, failed.Attempts));
        Assert.False(markedFailing);
        Assert.Equal(DeliveryState.Sent, rig.Single(ChannelNames.Bluesky).State);
        Assert.Single(pds.Posts);
    }

    [Fact]
    public async Task AnInvalidRequestIsRefusedForGoodWithThePdssReason()
    {
        using var store = new TestStore();
        await using var pds = await FakeBlueskyPds.StartAsync();
        pds.RefuseNext(FakeBlueskyPds.Error(HttpStatusCode.BadRequest, "InvalidRequest", "Invalid app.bsky.feed.post record: Record/langs must be an array"));
        using var rig = new SocialRig(store, SocialRig.Bluesky(pds));

        rig.Open();
        await rig.DeliverDueAsync();

        var delivery = rig.Single(ChannelNames.Bluesky);
        Assert.Equal((DeliveryState.Failed, 1), (delivery.State, delivery.Attempts));
        Assert.Contains("400 InvalidRequest: Invalid app.bsky.feed.post record: Record/langs must be an array", delivery.LastError);
    }

    [Fact]
    public async Task AWrongAppPasswordIsRefusedForGoodAndNamesTheKeys()
    {
        using var store = new TestStore();
        await using var pds = await FakeBlueskyPds.StartAsync();
        using var rig = new SocialRig(store, SocialRig.Bluesky(pds, password: "the-account-password"));

        rig.Open();
        await rig.DeliverDueAsync();

        var delivery = rig.Single(ChannelNames.Bluesky);
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Contains("401 AuthenticationRequired: Invalid identifier or password", delivery.LastError);
        Assert.Contains("Social:Bluesky:AppPassword", delivery.LastError);
        Assert.Empty(pds.Posts);
    }

    [Fact]
    public async Task ARetryAfterALostAnswerFindsThePostUnderItsRecordKeyInsteadOfPostingTwice()
    {
        using var store = new TestStore();
        await using var pds = await FakeBlueskyPds.StartAsync();
        pds.LoseNextAnswer();
        using var rig = new SocialRig(store, SocialRig.Bluesky(pds));

        rig.Open();
        await rig.DeliverDueAsync();
        var lost = rig.Single(ChannelNames.Bluesky);
        await rig.DeliverRetriesAsync();

        Assert.Equal(DeliveryState.Pending, lost.State);
        var (uri, cid, _) = Assert.Single(pds.Posts);
        var delivery = rig.Single(ChannelNames.Bluesky);
        Assert.Equal((DeliveryState.Sent, 2, BlueskyPost.ExternalId(uri, cid)), (delivery.State, delivery.Attempts, delivery.ExternalId));
        Assert.EndsWith("/" + BlueskyPost.RecordKey(delivery), uri);
    }

    [Fact]
    public async Task ALongUpdateWithEmojiAndCombiningMarksIsCutBetweenGraphemesToThreeHundredAndThePreviewIsThePost()
    {
        using var store = new TestStore();
        await using var pds = await FakeBlueskyPds.StartAsync();
        using var rig = new SocialRig(store, SocialRig.Bluesky(pds));
        var incident = rig.Open();
        await rig.DeliverDueAsync();
        // A family emoji is seven UTF-16 units and one grapheme; "q̇" is a q and a combining dot (no precomposed form that
        // the text policy's normalisation could turn it into), a flag two regional indicators.
        var body = string.Concat(Enumerable.Repeat("Faq\u0307 👨‍👩‍👧‍👦 🇩🇪 ", 80));

        var preview = Assert.Single(rig.PreviewUpdate(incident, body), p => p.Channel == ChannelNames.Bluesky);
        rig.Update(incident, body);
        await rig.DeliverDueAsync();

        var posted = (string)pds.Posts[1].Record["text"]!;
        Assert.Equal(preview.Message!.Text, posted);
        Assert.Equal(new PostLength(new StringInfo(posted).LengthInTextElements, 300, "graphemes"), preview.Length);
        Assert.InRange(preview.Length!.Count, 290, 300);
        var suffix = "…\n\n" + SocialRig.IncidentUrl(incident);
        Assert.EndsWith(suffix, posted);
        Assert.StartsWith("🟠 Checkout is down\n\nIdentified: Faq\u0307 ", posted);
        var kept = posted["🟠 Checkout is down\n\nIdentified: ".Length..^suffix.Length];
        // What is kept is whole graphemes of what staff wrote: every grapheme of it is one of the body's.
        var bodyGraphemes = Graphemes(body.Normalize()).ToHashSet();
        Assert.All(Graphemes(kept), g => Assert.Contains(g, bodyGraphemes));
        Assert.Equal(DeliveryState.Sent, rig.Deliveries(ChannelNames.Bluesky)[1].State);
    }

    [Fact]
    public void IsOffUntilTheHandleAndAppPasswordAreSetAndThenQueuesNothing()
    {
        using var store = new TestStore();
        using var rig = new SocialRig(store, []);

        rig.Open();

        var bluesky = rig.App.Publisher.Channels.Single(c => c.Name == ChannelNames.Bluesky);
        Assert.Equal(
            "missing Social:Bluesky:Identifier (the account's handle, e.g. status.example.com) and Social:Bluesky:AppPassword (an app password from Settings → Privacy and security → App passwords)",
            bluesky.ConfigurationProblem);
        Assert.Empty(rig.Deliveries(ChannelNames.Bluesky));
        var health = Assert.Single(rig.App.Get<ChannelHealthService>().All(), h => h.Channel == ChannelNames.Bluesky);
        Assert.Equal((false, bluesky.ConfigurationProblem), (health.IsOn, health.Problem));
    }

    private static IEnumerable<string> Graphemes(string text)
    {
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            yield return elements.GetTextElement();
        }
    }
}
