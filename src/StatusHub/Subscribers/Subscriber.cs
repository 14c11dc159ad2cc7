using StatusHub.Storage;

namespace StatusHub.Subscribers;

public enum SubscriberState
{
    /// <summary>Signed up but not confirmed yet (email link, SMS code, webhook ping); receives nothing else.</summary>
    Pending,
    Active,
}

/// <summary>
/// A customer who chose to hear about incidents on one channel. The address is personal data: leaving
/// deletes the whole record (only a count survives in <see cref="SubscriberTally"/>).
/// </summary>
public sealed record Subscriber : IVersioned
{
    public const int MaxAddressLength = 2000;

    /// <summary>"{channel}:{address}", so one address can only sign up once per channel.</summary>
    public required string Id { get; init; }

    /// <summary>A channel name from <see cref="Channels.ChannelNames"/>.</summary>
    public required string Channel { get; init; }

    /// <summary>The delivery target: lower-cased email, E.164 number, Telegram chat id or webhook URL.</summary>
    public required string Address { get; init; }

    public SubscriberState State { get; init; }

    /// <summary>Follows every component, including ones added later.</summary>
    public bool AllComponents { get; init; } = true;

    /// <summary>Followed components when <see cref="AllComponents"/> is false.</summary>
    public List<string> ComponentIds { get; init; } = [];

    /// <summary>
    /// The language their messages are written in (<see cref="Localization.Languages"/>), kept from the page they signed up
    /// on or their Telegram app; null (added by staff, or subscribed before languages): the page's language.
    /// </summary>
    public string? Language { get; init; }

    /// <summary>SHA-256 of the latest confirmation secret (email token or SMS code); kept after confirming, until it expires, so a second click is recognised.</summary>
    public string? ConfirmationHash { get; init; }

    public DateTime? ConfirmationExpiresAt { get; init; }

    /// <summary>Wrong secrets tried so far; the confirmation is void past a limit.</summary>
    public int ConfirmationAttempts { get; init; }

    public DateTime CreatedAt { get; init; }
    public DateTime? ConfirmedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }

    public static string KeyFor(string channel, string address) => $"{channel}:{address}";

    /// <summary>Whether a notice about <paramref name="componentIds"/> concerns this subscriber; a notice naming no component concerns everyone.</summary>
    public bool Follows(IReadOnlyCollection<string> componentIds) =>
        AllComponents || componentIds.Count == 0 || ComponentIds.Any(componentIds.Contains);
}

/// <summary>How many subscribers left, per channel: the only trace kept of someone who unsubscribed.</summary>
public sealed record SubscriberTally
{
    /// <summary>The channel name.</summary>
    public required string Id { get; init; }
    public int Unsubscribed { get; init; }
}
