using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StatusHub.Tests.Support;

/// <summary>
/// Mastodon's <c>POST /api/v1/statuses</c> on loopback, as documented: Bearer token, JSON in, the Status entity out,
/// <c>Idempotency-Key</c> honoured (the same key returns the first status), <c>{"error": …}</c> on refusal, a 500-character
/// limit counting each link as 23.
/// </summary>
public sealed class FakeMastodon : IAsyncDisposable
{
    public const string Token = "mastodon-access-token";
    public const int Limit = 500;

    private readonly ConcurrentQueue<PeerAnswer> _refusals = new();
    private readonly ConcurrentDictionary<string, JsonObject> _byKey = new(StringComparer.Ordinal);
    private readonly List<JsonObject> _statuses = [];
    private int _loseAnswers;
    private long _nextId = 109_000_000_000_000_000;

    private FakeMastodon(HttpTarget api) => Api = api;

    public HttpTarget Api { get; }

    public string InstanceUrl => Api.Url.ToString().TrimEnd('/');

    /// <summary>The statuses the instance holds, in the order they were made.</summary>
    public IReadOnlyList<JsonObject> Statuses
    {
        get
        {
            lock (_statuses)
            {
                return [.. _statuses];
            }
        }
    }

    public static async Task<FakeMastodon> StartAsync()
    {
        var fake = new FakeMastodon(await HttpTarget.StartAsync());
        fake.Api.Route = fake.Answer;
        return fake;
    }

    /// <summary>The next posts are refused with these answers (a 429, a 503…) before any is made.</summary>
    public void RefuseNext(params PeerAnswer[] answers)
    {
        foreach (var answer in answers)
        {
            _refusals.Enqueue(answer);
        }
    }

    /// <summary>The next post is made, but the answer is a 502 as if a proxy lost it on the way back.</summary>
    public void LoseNextAnswer() => Interlocked.Increment(ref _loseAnswers);

    /// <summary>Someone deleted the status on the instance.</summary>
    public void Delete(string id)
    {
        lock (_statuses)
        {
            _statuses.RemoveAll(s => (string?)s["id"] == id);
        }
    }

    public static PeerAnswer Error(HttpStatusCode status, string error, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, new JsonObject { ["error"] = error }.ToJsonString(), headers);

    private PeerAnswer? Answer(ReceivedRequest request)
    {
        if (request is not { Method: "POST", Path: "/api/v1/statuses" })
        {
            return Error(HttpStatusCode.NotFound, "Record not found");
        }

        if (request.Header("Authorization") != "Bearer " + Token)
        {
            return Error(HttpStatusCode.Unauthorized, "The access token is invalid");
        }

        if (_refusals.TryDequeue(out var refusal))
        {
            return refusal;
        }

        var key = request.Header("Idempotency-Key");
        if (key.Length > 0 && _byKey.TryGetValue(key, out var earlier))
        {
            return new PeerAnswer(HttpStatusCode.OK, earlier.ToJsonString());
        }

        var input = JsonNode.Parse(request.Body)!.AsObject();
        var text = (string?)input["status"] ?? "";
        var length = new StringInfo(System.Text.RegularExpressions.Regex.Replace(text, @"https?://\S+", new string('x', 23))).LengthInTextElements;
        if (text.Trim().Length == 0 || length > Limit)
        {
            return Error(HttpStatusCode.UnprocessableEntity, text.Trim().Length == 0 ? "Validation failed: Text can't be blank" : $"Validation failed: Text character limit of {Limit} exceeded");
        }

        var replyTo = (string?)input["in_reply_to_id"];
        if (replyTo is not null && Statuses.All(s => (string?)s["id"] != replyTo))
        {
            // Mastodon's StatusesController#set_thread answers a reply to a status that is gone with its statuses.errors.in_reply_not_found.
            return Error(HttpStatusCode.NotFound, "The post you are trying to reply to does not appear to exist.");
        }

        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var status = new JsonObject
        {
            ["id"] = id,
            ["created_at"] = "2026-11-23T12:00:00.000Z",
            ["in_reply_to_id"] = replyTo,
            ["visibility"] = (string?)input["visibility"] ?? "public",
            ["text"] = text,
            ["content"] = "<p>" + WebUtility.HtmlEncode(text) + "</p>",
            ["url"] = $"{InstanceUrl}/@status/{id}",
        };
        lock (_statuses)
        {
            _statuses.Add(status);
        }

        if (key.Length > 0)
        {
            _byKey[key] = status;
        }

        return Interlocked.Exchange(ref _loseAnswers, 0) > 0
            ? new PeerAnswer(HttpStatusCode.BadGateway, "<html>502 Bad Gateway</html>", ContentType: "text/html")
            : new PeerAnswer(HttpStatusCode.OK, status.ToJsonString());
    }

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}
