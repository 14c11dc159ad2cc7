namespace StatusHub.StatusPage;

/// <summary>
/// Marks a public page that holds a form: the live-refresh script would swap the page under a half-filled form,
/// so <see cref="Pages.PublicDocument"/> leaves it out.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NoLiveRefreshAttribute : Attribute;
