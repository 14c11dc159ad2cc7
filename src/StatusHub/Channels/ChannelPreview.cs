using StatusHub.Channels.Outbox;

namespace StatusHub.Channels;

/// <summary>What one channel would send, shown to staff before they publish.</summary>
/// <param name="Length">The post's length against its platform's limit (<see cref="INotificationChannel.Measure"/>).</param>
public sealed record ChannelPreview(string Channel, bool IsOn, string? Problem, bool CarriesEvent, ChannelMessage? Message, int Recipients, Sms.SmsSegments? SmsSegments,
    PostLength? Length = null);

/// <summary>A post's length as its platform counts it: <paramref name="Count"/> of at most <paramref name="Max"/> <paramref name="Unit"/>.</summary>
public sealed record PostLength(int Count, int Max, string Unit);
