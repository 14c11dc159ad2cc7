namespace StatusHub.Channels.Social;

/// <summary>
/// The <c>Social:Mastodon</c> section: one account on one instance that posts every public notice, off until both the
/// instance and the token are set.
/// </summary>
public sealed class MastodonOptions
{
    public const string Section = "Social:Mastodon";
    public const int DefaultMaxCharacters = 500;

    /// <summary>The account's instance, e.g. <c>https://mastodon.social</c>.</summary>
    public string? InstanceUrl { get; set; }

    /// <summary>
    /// Secret (<c>Social__Mastodon__AccessToken</c> in the environment or a file of that name): an application's token
    /// with the <c>write:statuses</c> scope, from the account's Preferences → Development.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary><c>public</c> (the default: on the public timelines) or <c>unlisted</c> (on the account and to followers only).</summary>
    public string Visibility { get; set; } = "public";

    /// <summary>The instance's limit for one post (500 on most; some allow more): posts are shortened to fit it.</summary>
    public int MaxCharacters { get; set; } = DefaultMaxCharacters;

    /// <summary>The one target: the instance the account lives on, so the thread of an incident is kept per instance.</summary>
    public string? Target => string.IsNullOrWhiteSpace(InstanceUrl) ? null : InstanceUrl.Trim().TrimEnd('/');

    /// <summary>Why the channel cannot post, naming the key; null when it can.</summary>
    public string? Problem()
    {
        if (!string.IsNullOrWhiteSpace(InstanceUrl) && Sms.SmsGateways.NotAUrl($"{Section}:InstanceUrl", InstanceUrl) is { } wrong)
        {
            return wrong;
        }

        if (Visibility?.Trim() is not ("public" or "unlisted"))
        {
            return $"{Section}:Visibility '{StatusHub.Text.Ellipsis.Shorten(Visibility ?? "", 40)}' is not public or unlisted";
        }

        if (MaxCharacters is < 100 or > 100_000)
        {
            return $"{Section}:MaxCharacters {MaxCharacters} is not between 100 and 100000 (the instance's post limit, 500 on most)";
        }

        return Sms.SmsGateways.Missing(
            ($"{Section}:InstanceUrl", InstanceUrl, "the instance's address, e.g. https://mastodon.social"),
            ($"{Section}:AccessToken", AccessToken, "a token with write:statuses from Preferences → Development"));
    }
}
