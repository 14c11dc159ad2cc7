using Microsoft.AspNetCore.Components;
using StatusHub.Localization;

namespace StatusHub.StatusPage;

/// <summary>
/// A piece of a public page: its fixed words come from <see cref="L"/>, the page's language, and its days from
/// <see cref="Calendar"/>, the page's time zone, which <see cref="Pages.PublicDocument"/> hands down once per render.
/// Rendered anywhere else (a staff page), it speaks English and counts UTC days.
/// </summary>
public abstract class PublicComponent : ComponentBase
{
    [CascadingParameter]
    public PublicText L { get; set; } = PublicText.English;

    [CascadingParameter]
    public PageCalendar Calendar { get; set; } = PageCalendar.Utc;
}
