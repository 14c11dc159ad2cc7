namespace StatusHub.Channels.Outbox;

/// <summary>Where links in messages point: the public page's absolute URL.</summary>
public sealed record PageInfo(string Name, string Url)
{
    public string Link(string path) => Url.TrimEnd('/') + path;
}
