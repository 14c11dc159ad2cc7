using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;
using StatusHub.Channels.Webhooks;

namespace StatusHub.Channels.Social;

/// <summary>
/// Posts to one Mastodon account (<c>POST /api/v1/statuses</c>). Later notices about the same incident reply to its
/// first post, so the account reads as one thread per incident; the delivery id is the Idempotency-Key, so a retry
/// after a lost answer returns the first post instead of making a second. A first post someone deleted does not stop
/// the rest: the instance answers 404 to a reply under it, and the notice is posted on its own.
/// </summary>
public sealed class MastodonChannel(IOptionsMonitor<MastodonOptions> options, SignedPoster poster, PageLanguage languages) : INotificationChannel
{
    public const string StatusesPath = "/api/v1/statuses";
    private const int MaxErrorChars = 4096;

    public string Name => ChannelNames.Mastodon;

    public string? ConfigurationProblem => options.CurrentValue.Problem();

    /// <summary>
    /// One post at a time so a thread's replies follow its root; ten a minute at most: Mastodon allows an account 300 posts
    /// in three hours, and a burst of ten updates in a minute is already more than followers want to read.
    /// </summary>
    public ChannelLimits Limits => new(Concurrency: 1, PerSecond: 1, PerTargetPerMinute: 10);

    public bool ThreadsReplies => true;

    public bool Carries(NotificationEvent notificationEvent) => SocialEvents.Carries(notificationEvent);

    public PostLength Measure(ChannelMessage message) => new(SocialText.MastodonLength(message.Text), options.CurrentValue.MaxCharacters, "characters");

    public async Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var result = await PostAsync(message, message.ThreadExternalId, cancellationToken);
        return result is RootGone ? await PostAsync(message, null, cancellationToken) : result;
    }

    /// <summary>A reply refused because the post it replies to is gone; never leaves this class.</summary>
    private sealed record RootGone : SendResult
    {
        public static readonly RootGone Instance = new();
    }

    private Task<SendResult> PostAsync(OutgoingMessage message, string? replyTo, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        return poster.SendAsync(
            _ => Request(current, message, replyTo, languages.Of(message.Delivery.Language)),
            (response, now) => ReadAsync(response, now, replying: replyTo is not null, cancellationToken),
            cancellationToken);
    }

    /// <param name="replyTo">The thread's first post, or null for a post of its own.</param>
    /// <param name="language">The post's language (ISO 639-1), so readers' clients filter and translate it as what it is.</param>
    private static HttpRequestMessage Request(MastodonOptions options, OutgoingMessage message, string? replyTo, string language)
    {
        var status = new JsonObject { ["status"] = message.Content.Text, ["visibility"] = options.Visibility.Trim(), ["language"] = language };
        if (replyTo is { Length: > 0 })
        {
            status["in_reply_to_id"] = replyTo;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, SmsGateways.Under(options.Target!, StatusesPath)) { Content = SocialAnswers.Json(status) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.AccessToken!.Trim());
        // Its own key for the post on its own: the instance must not answer it with what it remembered for the reply.
        request.Headers.Add("Idempotency-Key", replyTo is null && message.ThreadExternalId is { Length: > 0 } ? message.Delivery.Id + "-own" : message.Delivery.Id);
        return request;
    }

    private static async Task<SendResult> ReadAsync(HttpResponseMessage response, DateTimeOffset now, bool replying, CancellationToken cancellationToken)
    {
        var body = await AnswerBody.ReadAsync(response, MaxErrorChars, cancellationToken);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return new SendResult.Sent(SocialAnswers.String(body, "id"));
        }

        if (replying && response.StatusCode == HttpStatusCode.NotFound)
        {
            // "The post you are trying to reply to does not appear to exist.": the first post was deleted.
            return RootGone.Instance;
        }

        var what = StatusHub.Text.Ellipsis.Shorten($"HTTP {status} {SocialAnswers.String(body, "error") ?? response.ReasonPhrase}", 300);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new SendResult.Permanent($"{what}: the instance refuses the token, check {MastodonOptions.Section}:AccessToken (it needs the write:statuses scope)"),
            HttpStatusCode.UnprocessableEntity => new SendResult.Permanent($"{what}: the instance refuses this post as it is"),
            HttpStatusCode.TooManyRequests => new SendResult.Transient(what, ResetWait(response, now) ?? SignedPoster.RetryAfter(response, now)),
            _ => SignedPoster.Classify(response, now) switch
            {
                SendResult.Transient => new SendResult.Transient(what, SignedPoster.RetryAfter(response, now)),
                _ => new SendResult.Permanent(what),
            },
        };
    }

    /// <summary>Mastodon's <c>X-RateLimit-Reset</c>: the moment (ISO 8601) the account's allowance comes back.</summary>
    private static TimeSpan? ResetWait(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.TryGetValues("X-RateLimit-Reset", out var values) &&
        DateTimeOffset.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var reset) && reset > now
            ? reset - now
            : null;
}
