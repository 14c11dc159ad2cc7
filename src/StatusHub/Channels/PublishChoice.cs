namespace StatusHub.Channels;

/// <summary>Which channels a publish goes to: null means every channel that is on, empty means none.</summary>
public sealed record PublishChoice(IReadOnlyCollection<string>? Channels)
{
    public static readonly PublishChoice AllChannels = new((IReadOnlyCollection<string>?)null);
    public static readonly PublishChoice Silent = new(Array.Empty<string>());

    public bool Includes(string channel) => Channels is null || Channels.Contains(channel, StringComparer.Ordinal);
}
