namespace StatusHub.StatusPage;

/// <summary>
/// Marks a public page that holds a form or answers one: the live-refresh script would swap the page under a
/// half-filled form, or fetch a one-time link again, so <see cref="Pages.PublicDocument"/> leaves it out.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NoLiveRefreshAttribute : Attribute;
