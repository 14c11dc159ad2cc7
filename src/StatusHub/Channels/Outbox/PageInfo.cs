namespace StatusHub.Channels.Outbox;

/// <summary>Where links in messages point: the public page's absolute URL.</summary>
/// <param name="ContactUrl">The Contact us form, for "if our mail is down, reach us here"; null while no public address is configured.</param>
/// <param name="Zone">The page's time zone (StatusPage:TimeZone), which messages write moments in; null: UTC.</param>
public sealed record PageInfo(string Name, string Url, string? ContactUrl = null, TimeZoneInfo? Zone = null)
{
    public string Link(string path) => Url.TrimEnd('/') + path;
}
