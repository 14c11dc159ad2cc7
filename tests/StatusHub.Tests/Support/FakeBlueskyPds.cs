using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace StatusHub.Tests.Support;

/// <summary>
/// A PDS on loopback speaking the AT Protocol's documented shapes: <c>com.atproto.server.createSession</c> and
/// <c>refreshSession</c>, <c>com.atproto.repo.createRecord</c> and <c>getRecord</c>, XRPC errors as
/// <c>{"error","message"}</c> (400 ExpiredToken, 401 AuthenticationRequired, 400 InvalidRequest), the 300-grapheme limit
/// of <c>app.bsky.feed.post</c>, and <c>ratelimit-*</c> headers on 429.
/// </summary>
public sealed class FakeBlueskyPds : IAsyncDisposable
{
    public const string Handle = "status.example.com";
    public const string AppPassword = "abcd-efgh-ijkl-mnop";
    public const string Did = "did:plc:statushubtest1234567";

    private readonly ConcurrentQueue<PeerAnswer> _refusals = new();
    private readonly ConcurrentDictionary<string, JsonObject> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _refreshTokens = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private int _tokens;
    private int _loseAnswers;

    private FakeBlueskyPds(HttpTarget api) => Api = api;

    public HttpTarget Api { get; }

    public string Service => Api.Url.ToString().TrimEnd('/');

    /// <summary>Sign-ins (createSession) so far.</summary>
    public int SignIns => Api.Received.Count(r => r.Path.EndsWith("createSession", StringComparison.Ordinal));

    public int Refreshes => Api.Received.Count(r => r.Path.EndsWith("refreshSession", StringComparison.Ordinal));

    /// <summary>The posts in the repository, in the order they were made: what createRecord was given, with the uri and cid it got.</summary>
    public IReadOnlyList<(string Uri, string Cid, JsonObject Record)> Posts
    {
        get
        {
            lock (_order)
            {
                return [.. _order.Select(key => (Uri(key), Cid(key), _records[key]))];
            }
        }
    }

    public static async Task<FakeBlueskyPds> StartAsync()
    {
        var fake = new FakeBlueskyPds(await HttpTarget.StartAsync());
        fake.Api.Route = fake.Answer;
        return fake;
    }

    /// <summary>The next createRecord calls are refused with these answers before any post is made.</summary>
    public void RefuseNext(params PeerAnswer[] answers)
    {
        foreach (var answer in answers)
        {
            _refusals.Enqueue(answer);
        }
    }

    /// <summary>Every access token given so far expires (createRecord answers 400 ExpiredToken); refresh tokens still work.</summary>
    public void ExpireAccessTokens()
    {
        foreach (var token in _accessTokens.Keys)
        {
            _accessTokens[token] = false;
        }
    }

    /// <summary>Every token given so far is revoked (401, refresh refused): only a new sign-in helps.</summary>
    public void RevokeSessions()
    {
        _accessTokens.Clear();
        _refreshTokens.Clear();
    }

    /// <summary>The next post is made, but the answer is a 502, as if it was lost on the way back.</summary>
    public void LoseNextAnswer() => Interlocked.Increment(ref _loseAnswers);

    public static PeerAnswer Error(HttpStatusCode status, string error, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, new JsonObject { ["error"] = error, ["message"] = message }.ToJsonString(), headers);

    private PeerAnswer Answer(ReceivedRequest request) => request.Path switch
    {
        "/xrpc/com.atproto.server.createSession" => CreateSession(JsonNode.Parse(request.Body)!.AsObject()),
        "/xrpc/com.atproto.server.refreshSession" => RefreshSession(Bearer(request)),
        "/xrpc/com.atproto.repo.createRecord" => CreateRecord(Bearer(request), JsonNode.Parse(request.Body)!.AsObject()),
        "/xrpc/com.atproto.repo.getRecord" => GetRecord(request.QueryValue("repo"), request.QueryValue("collection"), request.QueryValue("rkey")),
        _ => Error(HttpStatusCode.NotImplemented, "MethodNotImplemented", "Method Not Implemented"),
    };

    private PeerAnswer CreateSession(JsonObject input) =>
        (string?)input["identifier"] == Handle && (string?)input["password"] == AppPassword
            ? Session()
            : Error(HttpStatusCode.Unauthorized, "AuthenticationRequired", "Invalid identifier or password");

    private PeerAnswer RefreshSession(string token)
    {
        if (!_refreshTokens.TryRemove(token, out _))
        {
            return Error(HttpStatusCode.BadRequest, "ExpiredToken", "Token has been revoked");
        }

        return Session();
    }

    private PeerAnswer Session()
    {
        var n = Interlocked.Increment(ref _tokens).ToString(CultureInfo.InvariantCulture);
        _accessTokens["access-" + n] = true;
        _refreshTokens["refresh-" + n] = true;
        return new PeerAnswer(HttpStatusCode.OK, new JsonObject
        {
            ["accessJwt"] = "access-" + n, ["refreshJwt"] = "refresh-" + n, ["handle"] = Handle, ["did"] = Did, ["active"] = true,
        }.ToJsonString());
    }

    private PeerAnswer CreateRecord(string token, JsonObject input)
    {
        if (!_accessTokens.TryGetValue(token, out var valid))
        {
            return Error(HttpStatusCode.Unauthorized, "AuthenticationRequired", "Invalid token");
        }

        if (!valid)
        {
            return Error(HttpStatusCode.BadRequest, "ExpiredToken", "Token has expired");
        }

        if (_refusals.TryDequeue(out var refusal))
        {
            return refusal;
        }

        var record = input["record"]!.AsObject();
        var text = (string?)record["text"] ?? "";
        if ((string?)input["repo"] != Did || (string?)input["collection"] != "app.bsky.feed.post" || (string?)record["$type"] != "app.bsky.feed.post")
        {
            return Error(HttpStatusCode.BadRequest, "InvalidRequest", "Invalid repo or collection");
        }

        if (new StringInfo(text).LengthInTextElements > 300 || System.Text.Encoding.UTF8.GetByteCount(text) > 3000)
        {
            return Error(HttpStatusCode.BadRequest, "InvalidRequest", "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes");
        }

        if (record["reply"] is JsonObject reply && new[] { reply["root"], reply["parent"] }.Any(r => Posts.All(p => p.Uri != (string?)r?["uri"] || p.Cid != (string?)r?["cid"])))
        {
            return Error(HttpStatusCode.BadRequest, "InvalidRequest", "Invalid app.bsky.feed.post record: reply must reference existing posts");
        }

        var key = (string?)input["rkey"] ?? "3l" + Guid.NewGuid().ToString("N")[..11];
        if (!_records.TryAdd(key, record.DeepClone().AsObject()))
        {
            return Error(HttpStatusCode.BadRequest, "InvalidRequest", "Record already exists");
        }

        lock (_order)
        {
            _order.Add(key);
        }

        return Interlocked.Exchange(ref _loseAnswers, 0) > 0
            ? new PeerAnswer(HttpStatusCode.BadGateway, "<html>502 Bad Gateway</html>", ContentType: "text/html")
            : new PeerAnswer(HttpStatusCode.OK, new JsonObject { ["uri"] = Uri(key), ["cid"] = Cid(key), ["validationStatus"] = "valid" }.ToJsonString());
    }

    private PeerAnswer GetRecord(string? repo, string? collection, string? key) =>
        repo == Did && collection == "app.bsky.feed.post" && key is not null && _records.TryGetValue(key, out var record)
            ? new PeerAnswer(HttpStatusCode.OK, new JsonObject { ["uri"] = Uri(key), ["cid"] = Cid(key), ["value"] = record.DeepClone() }.ToJsonString())
            : Error(HttpStatusCode.BadRequest, "RecordNotFound", $"Could not locate record: {Uri(key ?? "")}");

    private static string Bearer(ReceivedRequest request) =>
        request.Header("Authorization") is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : "";

    private static string Uri(string key) => $"at://{Did}/app.bsky.feed.post/{key}";

    private static string Cid(string key) => "bafyreib" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..40];

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}
