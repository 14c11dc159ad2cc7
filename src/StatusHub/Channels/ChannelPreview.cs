using StatusHub.Channels.Outbox;

namespace StatusHub.Channels;

/// <summary>What one channel would send, shown to staff before they publish.</summary>
public sealed record ChannelPreview(string Channel, bool IsOn, string? Problem, bool CarriesEvent, ChannelMessage? Message, int Recipients, Sms.SmsSegments? SmsSegments);
