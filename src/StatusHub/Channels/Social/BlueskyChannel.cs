using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;

namespace StatusHub.Channels.Social;

/// <summary>
/// Posts to one Bluesky account over the AT Protocol: <c>com.atproto.repo.createRecord</c> with the session
/// <see cref="BlueskySessions"/> keeps. Later notices about the same incident reply to its first post. Each delivery
/// has its own record key, so a retry first asks whether its post already went out.
/// </summary>
public sealed class BlueskyChannel(IOptionsMonitor<BlueskyOptions> options, BlueskySessions sessions, BlueskyXrpc xrpc, PageLanguage languages, TimeProvider time) : INotificationChannel
{
    public string Name => ChannelNames.Bluesky;

    public string? ConfigurationProblem => options.CurrentValue.Problem();

    /// <summary>
    /// One post at a time so a thread's replies follow its root; ten a minute at most: a PDS allows 1,666 posts an hour,
    /// and followers want far fewer.
    /// </summary>
    public ChannelLimits Limits => new(Concurrency: 1, PerSecond: 1, PerTargetPerMinute: 10);

    public bool ThreadsReplies => true;

    public bool Carries(NotificationEvent notificationEvent) => SocialEvents.Carries(notificationEvent);

    public PostLength Measure(ChannelMessage message) => new(SocialText.Graphemes(message.Text), SocialText.BlueskyMaxGraphemes, "graphemes");

    public async Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var (kept, failure) = await sessions.CurrentAsync(current, cancellationToken);
        if (kept is not { } session)
        {
            return failure!;
        }

        var key = BlueskyPost.RecordKey(message.Delivery);
        if (message.Delivery.Attempts > 1 && await AlreadyPostedAsync(session, key, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var record = BlueskyPost.Record(message.Content, message.ThreadExternalId, languages.Of(message.Delivery.Language), time.GetUtcNow());
        var (answer, unreachable) = await CreateAsync(session, key, record, cancellationToken);
        if (answer is { Status: HttpStatusCode.Unauthorized } || answer?.Error == "ExpiredToken")
        {
            // Once: a token the PDS refuses right after signing in is the account's problem, not the session's.
            var (renewed, renewFailure) = await sessions.RenewAsync(current, session, refresh: answer.Error == "ExpiredToken", cancellationToken);
            if (renewed is null)
            {
                return renewFailure!;
            }

            (answer, unreachable) = await CreateAsync(renewed, key, record, cancellationToken);
        }

        return unreachable ?? Outcome(answer!);
    }

    private Task<(XrpcAnswer? Answer, SendResult? Unreachable)> CreateAsync(BlueskySession session, string key, JsonObject record, CancellationToken cancellationToken) =>
        xrpc.CallAsync(session.Service, "com.atproto.repo.createRecord",
            new JsonObject { ["repo"] = session.Did, ["collection"] = BlueskyPost.Collection, ["rkey"] = key, ["record"] = record.DeepClone() },
            session.AccessJwt, cancellationToken);

    /// <summary>The post under <paramref name="key"/>, when an earlier attempt made it and only its answer was lost.</summary>
    private async Task<SendResult?> AlreadyPostedAsync(BlueskySession session, string key, CancellationToken cancellationToken)
    {
        var query = $"?repo={Uri.EscapeDataString(session.Did)}&collection={BlueskyPost.Collection}&rkey={key}";
        var (answer, _) = await xrpc.CallAsync(session.Service, "com.atproto.repo.getRecord", null, null, cancellationToken, query);
        return answer is { Ok: true } && answer.Field("uri") is { Length: > 0 } uri && answer.Field("cid") is { Length: > 0 } cid
            ? new SendResult.Sent(BlueskyPost.ExternalId(uri, cid))
            : null;
    }

    private static SendResult Outcome(XrpcAnswer answer)
    {
        if (answer.Ok && answer.Field("uri") is { Length: > 0 } uri && answer.Field("cid") is { Length: > 0 } cid)
        {
            return new SendResult.Sent(BlueskyPost.ExternalId(uri, cid));
        }

        var what = answer.Describe();
        return answer.Status switch
        {
            _ when answer.Ok => new SendResult.Transient($"{what}: the PDS answered without the post's uri and cid"),
            HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError => new SendResult.Transient(what, answer.Wait),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new SendResult.Permanent($"{what}: the PDS refuses the account even after signing in again; check {BlueskyOptions.Section}:Identifier and {BlueskyOptions.Section}:AppPassword"),
            _ => new SendResult.Permanent($"{what}: the PDS refuses this post as it is"),
        };
    }
}
