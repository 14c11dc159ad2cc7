namespace StatusHub.Channels.Outbox;

/// <summary>
/// Targets of one notification on one channel that are queued but not yet written as <see cref="Delivery"/> rows.
/// A publish to 100,000 subscribers saves a hundred of these in its transaction instead of 100,000 indexed rows;
/// the dispatcher turns them into rows a chunk at a time, while the first rows are already being sent.
/// Their queue order is reserved when they are saved: target <c>i</c> gets sequence <see cref="FirstSequence"/> + i.
/// </summary>
public sealed record FanOutChunk
{
    /// <summary><c>channel:first-sequence</c>, zero-padded, so the head of a channel's chunks is the first in id order.</summary>
    public required string Id { get; init; }
    public required string NotificationId { get; init; }
    public required string Channel { get; init; }
    public string? Subject { get; init; }

    /// <summary>The language of every target in the chunk (a chunk holds one language); null: the page's language.</summary>
    public string? Language { get; init; }
    public long FirstSequence { get; init; }
    public required List<string> Targets { get; init; }
    public DateTime CreatedAt { get; init; }

    public static string KeyFor(string channel, long firstSequence) => FormattableString.Invariant($"{channel}:{firstSequence:D19}");

    /// <summary>Every chunk of <paramref name="channel"/>, found through the id index (ids start with the channel).</summary>
    public static LiteDB.BsonExpression OfChannel(string channel) => LiteDB.Query.StartsWith("_id", $"{channel}:");
}
