namespace StatusHub.Subscribers;

/// <summary>One already-confirmed subscriber to add in bulk: a normalised address and what it follows.</summary>
/// <param name="Language">The language their messages are written in (a code <see cref="Localization.Languages.Normalize"/> accepts); null keeps the one they had, or the page's.</param>
public sealed record ConfirmedSubscriber(string Address, bool AllComponents, IReadOnlyList<string> ComponentIds, string? Language = null);
