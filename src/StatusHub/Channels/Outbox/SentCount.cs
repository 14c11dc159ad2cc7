namespace StatusHub.Channels.Outbox;

/// <summary>How many distinct targets of one channel were sent at least one of a set of notifications.</summary>
public sealed record SentCount(string Channel, int Recipients);
