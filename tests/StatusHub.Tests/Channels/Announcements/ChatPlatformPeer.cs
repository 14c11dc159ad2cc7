using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace StatusHub.Tests.Channels.Announcements;

/// <summary>
/// A chat platform's incoming webhook on 127.0.0.1, answering in the platform's documented shape: Slack and Mattermost
/// <c>200 ok</c>, a Teams workflow <c>202 Accepted</c>, Discord <c>204</c> or, with <c>?wait=true</c>, <c>200</c> and the
/// message it saved (in a forum, the thread a <c>thread_name</c> opened or the <c>thread_id</c> it was sent to). The test
/// queues other answers (<see cref="AnswerNext"/>): 429s, 5xx, refusals. Every request is kept with the answer it got.
/// </summary>
public sealed class ChatPlatformPeer : IAsyncDisposable
{
    public const string DiscordChannelId = "1100000000000000001";

    private readonly WebApplication _app;
    private readonly string _hookPath;
    private readonly Func<HttpRequest, JsonNode?, Answer> _normal;
    private readonly ConcurrentQueue<Answer> _next = new();
    private readonly ConcurrentQueue<Post> _posts = new();
    private long _snowflake = 1200000000000000000;

    private ChatPlatformPeer(WebApplication app, string hookPath, Func<ChatPlatformPeer, Func<HttpRequest, JsonNode?, Answer>> normal)
    {
        _app = app;
        _hookPath = hookPath;
        _normal = normal(this);
    }

    /// <summary>What the peer answers: status, body and headers.</summary>
    public sealed record Answer(HttpStatusCode Status, string Body = "", string ContentType = "text/plain", IReadOnlyDictionary<string, string>? Headers = null);

    /// <summary>One request and the answer it got.</summary>
    public sealed record Post(string Path, IReadOnlyDictionary<string, string> Query, string Body, Answer Answer)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public bool Delivered => (int)Answer.Status is >= 200 and < 300;
    }

    /// <summary>The URL staff register: the hook's secret path on this peer.</summary>
    public string WebhookUrl { get; private set; } = "";

    public IReadOnlyList<Post> Posts => [.. _posts];

    public IReadOnlyList<Post> Delivered => [.. _posts.Where(p => p.Delivered)];

    public static Task<ChatPlatformPeer> SlackAsync() => StartAsync("/services/T0AAAA/B0BBBB/slack-secret-token", _ => (_, _) => new Answer(HttpStatusCode.OK, "ok"));

    public static Task<ChatPlatformPeer> MattermostAsync() => StartAsync("/hooks/mattermostsecretkey", _ => (_, _) => new Answer(HttpStatusCode.OK, "ok"));

    public static Task<ChatPlatformPeer> TeamsAsync() =>
        StartAsync("/workflows/4a5b/triggers/manual/paths/invoke?api-version=2016-06-01&sig=teams-secret-sig", _ => (_, _) => new Answer(HttpStatusCode.Accepted));

    public static Task<ChatPlatformPeer> DiscordAsync() => StartAsync("/api/webhooks/1234567890/discord-secret-token", peer => peer.DiscordAnswer);

    /// <summary>Answers the next requests with these, in order, then goes back to the platform's normal answer.</summary>
    public void AnswerNext(params Answer[] answers)
    {
        foreach (var answer in answers)
        {
            _next.Enqueue(answer);
        }
    }

    /// <summary>Slack's, Teams' and Mattermost's 429: Retry-After in seconds.</summary>
    public static Answer TooManyRequests(int seconds) =>
        new(HttpStatusCode.TooManyRequests, "rate_limited", Headers: new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) });

    /// <summary>Discord's 429: the wait in the JSON body (seconds, fractional), with its rate-limit headers.</summary>
    public static Answer DiscordTooManyRequests(double retryAfter) => new(
        HttpStatusCode.TooManyRequests,
        new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = retryAfter, ["global"] = false }.ToJsonString(),
        "application/json",
        new Dictionary<string, string>
        {
            ["Retry-After"] = Math.Ceiling(retryAfter).ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Limit"] = "5",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset-After"] = retryAfter.ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Scope"] = "user",
        });

    /// <summary>A Discord JSON error, e.g. 404 code 10015 "Unknown Webhook".</summary>
    public static Answer DiscordError(HttpStatusCode status, int code, string message) =>
        new(status, new JsonObject { ["message"] = message, ["code"] = code }.ToJsonString(), "application/json");

    private static async Task<ChatPlatformPeer> StartAsync(string hookPath, Func<ChatPlatformPeer, Func<HttpRequest, JsonNode?, Answer>> normal)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var peer = new ChatPlatformPeer(app, hookPath.Split('?')[0], normal);
        app.Run(peer.HandleAsync);
        await app.StartAsync();
        peer.WebhookUrl = app.Urls.First().TrimEnd('/') + hookPath;
        return peer;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        JsonNode? json = null;
        try
        {
            json = body.Length > 0 ? JsonNode.Parse(body) : null;
        }
        catch (JsonException)
        {
        }

        var answer = context.Request.Method != "POST" || context.Request.Path != _hookPath
            ? new Answer(HttpStatusCode.NotFound, "no_service")
            : json is null || !context.Request.ContentType!.StartsWith("application/json", StringComparison.Ordinal)
                ? new Answer(HttpStatusCode.BadRequest, "invalid_payload")
                : _next.TryDequeue(out var next) ? next : _normal(context.Request, json);
        _posts.Enqueue(new Post(context.Request.Path, context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal), body, answer));
        context.Response.StatusCode = (int)answer.Status;
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (answer.Body.Length > 0)
        {
            context.Response.ContentType = answer.ContentType;
            await context.Response.WriteAsync(answer.Body);
        }
    }

    /// <summary>
    /// Discord's execute-webhook answer: 204, or with wait=true the saved message. In a forum a thread_name opens a thread
    /// whose id, the new message's channel_id, is the starter message's id; thread_id posts into that thread.
    /// </summary>
    private Answer DiscordAnswer(HttpRequest request, JsonNode? body)
    {
        if (request.Query["wait"] != "true")
        {
            return new Answer(HttpStatusCode.NoContent);
        }

        var id = Interlocked.Increment(ref _snowflake).ToString(CultureInfo.InvariantCulture);
        var channel = request.Query["thread_id"].FirstOrDefault()
            ?? (body?["thread_name"] is not null ? id : DiscordChannelId);
        var message = new JsonObject { ["id"] = id, ["type"] = 0, ["channel_id"] = channel, ["content"] = "", ["embeds"] = body?["embeds"]?.DeepClone(), ["webhook_id"] = "1234567890" };
        return new Answer(HttpStatusCode.OK, message.ToJsonString(), "application/json");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
