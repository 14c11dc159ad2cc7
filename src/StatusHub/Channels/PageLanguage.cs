using StatusHub.Localization;

namespace StatusHub.Channels;

/// <summary>
/// <c>StatusPage:Language</c>: what configured targets read, what a subscriber with no language of their own reads, and
/// what previews show. Read from configuration because channels know no feature (the status page checks the key at start).
/// </summary>
public sealed class PageLanguage(IConfiguration configuration)
{
    public string Code => Languages.Normalize(configuration["StatusPage:Language"]) ?? Languages.Default;

    /// <summary>A recipient's language when it is one StatusHub ships, else the page's.</summary>
    public string Of(string? language) => language is not null && Languages.Supported.Contains(language) ? language : Code;
}
