using Microsoft.AspNetCore.Components;
using StatusHub.Localization;

namespace StatusHub.StatusPage;

/// <summary>
/// A piece of a public page: its fixed words come from <see cref="L"/>, the page's language, which
/// <see cref="Pages.PublicDocument"/> hands down once per render. Rendered anywhere else (a staff page), it speaks English.
/// </summary>
public abstract class PublicComponent : ComponentBase
{
    [CascadingParameter]
    public PublicText L { get; set; } = PublicText.English;
}
