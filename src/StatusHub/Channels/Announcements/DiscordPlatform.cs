using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using StatusHub.Text;
using StatusHub.Channels.Outbox;

namespace StatusHub.Channels.Announcements;

/// <summary>
/// Discord webhooks (https://discord.com/developers/docs/resources/webhook#execute-webhook): one embed coloured by
/// impact, mentions off. Sent with <c>?wait=true</c> so Discord answers with the message it saved. In a forum (or media)
/// channel each incident gets its own thread: the first post names it (<c>thread_name</c>), later ones go in with
/// <c>?thread_id=</c>. A plain text channel has no threads a webhook can start, so posts there stand alone.
/// </summary>
public sealed partial class DiscordPlatform : AnnouncementPlatform
{
    /// <summary>https://discord.com/developers/docs/resources/channel#thread-create: a thread name holds 100 characters.</summary>
    public const int ThreadNameLimit = 100;

    /// <summary>How much of an answer is read: the message Discord saved, embeds included, with room to spare.</summary>
    private const int MaxAnswerChars = 64 * 1024;

    public override string Channel => ChannelNames.Discord;

    public override string Label => "Discord";

    /// <summary>
    /// https://discord.com/developers/docs/topics/rate-limits: limits are per route and announced in X-RateLimit-* headers; a
    /// webhook's bucket is 5 requests per 2 seconds, and one channel takes 30 messages a minute from webhooks. Over it: 429
    /// with a JSON <c>retry_after</c> in seconds.
    /// </summary>
    public override ChannelLimits Limits => new(Concurrency: 1, PerSecond: 2.5, PerTargetPerMinute: 30);

    public override string ExampleUrl => "https://discord.com/api/webhooks/123456789012345678/token";

    public override bool ThreadsReplies => true;

    /// <summary>An embed's title holds 256 characters, its description 4,096.</summary>
    public override int TitleLimit => 256;

    public override int TextLimit => 4096;

    public override bool IsPlatformUrl(Uri url) =>
        url.Host is "discord.com" or "discordapp.com" or "canary.discord.com" or "ptb.discord.com" && HookPath().IsMatch(url.AbsolutePath);

    public override JsonObject Payload(AnnouncementPost post) => new()
    {
        ["embeds"] = new JsonArray(new JsonObject
        {
            ["title"] = post.Title,
            ["description"] = post.Text,
            ["url"] = post.Url,
            ["color"] = int.Parse(Hex(post.Tone)[1..], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        }),
        // Staff text never pings @everyone or a role.
        ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
    };

    public override HttpRequestMessage Request(AnnouncementSend send)
    {
        var query = new Dictionary<string, string?> { ["wait"] = "true" };
        var payload = send.Payload;
        if (send.Endpoint.Forum)
        {
            if (send.ThreadId is { } thread)
            {
                query["thread_id"] = thread;
            }
            else if (JsonNode.Parse(payload) is JsonObject json)
            {
                json["thread_name"] = Ellipsis.Shorten(send.ThreadName, ThreadNameLimit);
                payload = json.ToJsonString();
            }
        }

        return PostJson(new Uri(QueryHelpers.AddQueryString(send.Url.ToString(), query)), payload);
    }

    /// <summary>
    /// The message Discord saved; in a forum its <c>channel_id</c> is the thread it opened, kept as the delivery's external id
    /// so the incident's later posts find it. 429 waits Discord's <c>retry_after</c>; 404 code 10015 (Unknown Webhook), 401
    /// 50027 (Invalid Webhook Token) and other 4xx refuse for good.
    /// </summary>
    public override async Task<SendResult> ReadAsync(HttpResponseMessage response, AnnouncementSend send, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            var message = await ReadJsonAsync(response, cancellationToken);
            var id = Property(message, send.Endpoint.Forum ? "channel_id" : "id");
            return new SendResult.Sent(id);
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var answer = await ReadJsonAsync(response, cancellationToken);
            var wait = answer is { } json && json.TryGetProperty("retry_after", out var seconds) && seconds.TryGetDouble(out var value) && value >= 0
                ? TimeSpan.FromSeconds(value)
                : Webhooks.SignedPoster.RetryAfter(response, now);
            return new SendResult.Transient($"HTTP 429 Too Many Requests{(Property(answer, "message") is { } text ? ": " + text : "")}", wait);
        }

        return await base.ReadAsync(response, send, now, cancellationToken);
    }

    private static async Task<JsonElement?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await AnswerBody.ReadAsync(response, MaxAnswerChars, cancellationToken);
            return body.Length == 0 ? null : JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Property(JsonElement? json, string name) =>
        json is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex("^/api(/v[0-9]+)?/webhooks/[0-9]+/[A-Za-z0-9_-]+/?$")]
    private static partial Regex HookPath();
}
