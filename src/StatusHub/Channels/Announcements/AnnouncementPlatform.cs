using System.Text;
using System.Text.Json.Nodes;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Webhooks;

namespace StatusHub.Channels.Announcements;

/// <summary>How a post should look: the page's colour for what happened.</summary>
public enum AnnouncementTone
{
    Neutral,
    Minor,
    Major,
    Critical,
    Resolved,
    Maintenance,
}

/// <summary>What every platform shows, whatever its shape: a title, the text (plain, already shortened by the platform) and the page link.</summary>
/// <param name="LinkText">The link's words where the platform shows them (a button), in the post's language.</param>
public sealed record AnnouncementPost(string Title, string Text, string Url, AnnouncementTone Tone, string LinkText);

/// <summary>One send to one endpoint: its URL (the secret), the payload rendered at publishing and the thread it belongs in.</summary>
/// <param name="ThreadId">The id the first post about the same subject got, if the platform threads and one was sent.</param>
/// <param name="ThreadName">What a new thread is called (the notice's title).</param>
public sealed record AnnouncementSend(Uri Url, string Payload, AnnouncementEndpoint Endpoint, string? ThreadId, string ThreadName);

/// <summary>
/// What one chat platform does its own way: the URL it hands out, the payload shape, its documented rate limits and how
/// it answers. <see cref="AnnouncementChannel"/> does the rest, the same for every platform.
/// </summary>
public abstract class AnnouncementPlatform
{
    private const int MaxErrorDetail = 200;

    /// <summary>Every platform, in the order staff see them. They hold no state, so one of each serves the whole app.</summary>
    public static readonly IReadOnlyList<AnnouncementPlatform> All = [new SlackPlatform(), new MattermostPlatform(), new TeamsPlatform(), new DiscordPlatform()];

    public static AnnouncementPlatform? Find(string channel) => All.FirstOrDefault(p => p.Channel == channel);

    /// <summary>The channel name: the key in the outbox, templates/ and the health view.</summary>
    public abstract string Channel { get; }

    public abstract string Label { get; }

    /// <summary>The documented limits of one incoming webhook (see each platform's comment for the source).</summary>
    public abstract ChannelLimits Limits { get; }

    /// <summary>A URL of the platform's shape, for the staff page's placeholder and refusals.</summary>
    public abstract string ExampleUrl { get; }

    public virtual bool ThreadsReplies => false;

    /// <summary>The most characters of the title the platform shows.</summary>
    public virtual int TitleLimit => 150;

    /// <summary>The most characters of the text that go into one post.</summary>
    public abstract int TextLimit { get; }

    /// <summary>Whether an https URL has the host and path this platform hands out for incoming webhooks.</summary>
    public abstract bool IsPlatformUrl(Uri url);

    public abstract JsonObject Payload(AnnouncementPost post);

    public virtual HttpRequestMessage Request(AnnouncementSend send) => PostJson(send.Url, send.Payload);

    /// <summary>
    /// 2xx is delivered; 429, 408 and 5xx are worth retrying (after Retry-After when given); any other 4xx (404
    /// <c>no_service</c>, 403 <c>invalid_token</c>, 400 <c>invalid_payload</c>, 410 <c>channel_is_archived</c>) refuses for good.
    /// The platform's short error text is kept; the URL never is.
    /// </summary>
    public virtual async Task<SendResult> ReadAsync(HttpResponseMessage response, AnnouncementSend send, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = SignedPoster.Classify(response, now);
        return result is SendResult.Sent ? result : WithDetail(result, await DetailAsync(response, cancellationToken));
    }

    public static HttpRequestMessage PostJson(Uri url, string json) =>
        new(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>The start of the answer's body, on one line, for the delivery's error.</summary>
    protected static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await AnswerBody.ReadAsync(response, MaxErrorDetail, cancellationToken);
        var line = new string([.. body.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return line;
    }

    protected static SendResult WithDetail(SendResult result, string detail) => detail.Length == 0 ? result : result switch
    {
        SendResult.Transient transient => transient with { Error = $"{transient.Error}: {detail}" },
        SendResult.Permanent permanent => permanent with { Error = $"{permanent.Error}: {detail}" },
        _ => result,
    };

    /// <summary>The page's colours (Statuspage's palette) for platforms that take a hex colour.</summary>
    protected static string Hex(AnnouncementTone tone) => tone switch
    {
        AnnouncementTone.Minor => "#F1C40F",
        AnnouncementTone.Major => "#E67E22",
        AnnouncementTone.Critical => "#E74C3C",
        AnnouncementTone.Resolved => "#2ECC71",
        AnnouncementTone.Maintenance => "#3498DB",
        _ => "#95A5A6",
    };
}
