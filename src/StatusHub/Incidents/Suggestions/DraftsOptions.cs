using System.ComponentModel.DataAnnotations;

namespace StatusHub.Incidents.Suggestions;

/// <summary>The <c>Drafts</c> section: how long dismissing a draft keeps its alert quiet.</summary>
public sealed class DraftsOptions
{
    public const string Section = "Drafts";

    /// <summary>
    /// A dismissed draft mutes its fingerprints and its components for this long, or until its alert resolves: firing again
    /// meanwhile only counts on the dismissed draft. Zero mutes nothing.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan MuteAfterDismiss { get; set; } = TimeSpan.FromHours(4);
}
