namespace StatusHub.Channels.Outbox;

/// <summary>
/// A target that refused a delivery for good (bot blocked, mailbox gone, webhook 410). Recipient sources
/// skip it until staff clear it, so one dead address does not collect a failure per notice.
/// </summary>
public sealed record FailingTarget
{
    /// <summary>"{channel}:{target}".</summary>
    public required string Id { get; init; }
    public required string Channel { get; init; }
    public required string Target { get; init; }
    public DateTime Since { get; init; }
    public string LastError { get; init; } = "";

    public static string KeyFor(string channel, string target) => $"{channel}:{target}";
}
