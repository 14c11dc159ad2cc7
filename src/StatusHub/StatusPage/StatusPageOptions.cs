using System.ComponentModel.DataAnnotations;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;

namespace StatusHub.StatusPage;

/// <summary>The page's settings; they are also the page address the channels put in links (<see cref="IPageAddress"/>).</summary>
public sealed class StatusPageOptions : IValidatableObject, IPageAddress
{
    public const string Section = "StatusPage";

    [Required(ErrorMessage = "StatusPage:Name must be set to the name customers know you by.")]
    [StringLength(100)]
    public string Name { get; set; } = "StatusHub";

    /// <summary>The public pages' language and the default for subscribers' messages: en, de, fr or es.</summary>
    public string Language { get; set; } = Localization.Languages.Default;

    /// <summary>
    /// The page's time zone (IANA, e.g. <c>Europe/Berlin</c>): the days past incidents and uptime cells are counted in,
    /// and the months of the history. Times themselves are shown in each reader's own zone.
    /// </summary>
    [StringLength(64)]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The calendar of <see cref="TimeZone"/>; UTC's while the name is unknown (the start refuses it).</summary>
    public PageCalendar Calendar => PageCalendar.FindZone(TimeZone) is { } zone ? new PageCalendar(zone) : PageCalendar.Utc;

    /// <summary>Absolute URL of the public page (used in links sent out); empty means "the host the request came to".</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The fixed words of the public pages in <see cref="Language"/>.</summary>
    public Localization.PublicText Words => Localization.PublicText.For(Language);

    /// <summary>"Acme status", or "Checkout is down · Acme status" for a page about one thing; in the page's language.</summary>
    public string PageTitle(string? subject = null)
    {
        var title = Words.Format("Title.Page", Name);
        return subject is null ? title : $"{subject} · {title}";
    }

    /// <summary>
    /// <see cref="PublicUrl"/> without a trailing slash, for links that leave the request (emails, feeds, the v2 JSON);
    /// until one is configured, the address a plain `dotnet run` listens on.
    /// </summary>
    public string BaseUrl => string.IsNullOrWhiteSpace(PublicUrl) ? "http://localhost:5000" : PublicUrl.TrimEnd('/');

    /// <summary>The Contact us form's address for messages sent out, once <see cref="PublicUrl"/> says where the page lives.</summary>
    public string? ContactUrl => string.IsNullOrWhiteSpace(PublicUrl) ? null : BaseUrl + Conversations.ContactForm.Path;

    PageInfo IPageAddress.Page => new(Name, BaseUrl, ContactUrl, Calendar.Zone);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Localization.Languages.Normalize(Language) is null)
        {
            yield return new ValidationResult(
                $"StatusPage:Language must be one of {string.Join(", ", Localization.Languages.Supported)}.",
                [nameof(Language)]);
        }

        if (PageCalendar.FindZone(TimeZone) is null)
        {
            yield return new ValidationResult(
                $"StatusPage:TimeZone \"{TimeZone}\" is not a time zone this machine knows: use an IANA name such as Europe/Berlin or America/New_York (the system's tzdata), or UTC.",
                [nameof(TimeZone)]);
        }

        if (!string.IsNullOrWhiteSpace(PublicUrl) &&
            !(Uri.TryCreate(PublicUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return new ValidationResult(
                "StatusPage:PublicUrl must be an absolute http(s) URL such as https://status.example.com, or empty.",
                [nameof(PublicUrl)]);
        }
    }
}
