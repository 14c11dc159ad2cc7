using StatusHub.Channels;
using StatusHub.Channels.Announcements;

namespace StatusHub.Tests.Channels.Announcements;

/// <summary>
/// One platform's webhook peer registered as an endpoint of the channel layer (<see cref="ChannelApp"/>), with loopback
/// endpoints allowed and no channel-wide wait, so a test counts what the per-webhook limits let through.
/// </summary>
public sealed class AnnouncementRig : IAsyncDisposable
{
    public const string Admin = "admin@example.com";

    private AnnouncementRig(TestStore store, ChatPlatformPeer peer, ChannelApp app, AnnouncementEndpoint endpoint) =>
        (Store, Peer, App, Endpoint) = (store, peer, app, endpoint);

    public TestStore Store { get; }
    public ChatPlatformPeer Peer { get; }
    public ChannelApp App { get; }
    public AnnouncementEndpoint Endpoint { get; }

    /// <param name="language">The page's language (<c>StatusPage:Language</c>); null: the default.</param>
    public static ChannelApp Start(TestStore store, string? language = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Announcements:AllowLoopbackUrls"] = "true",
            ["Announcements:PerSecond"] = "1000",
        };
        if (language is not null)
        {
            settings["StatusPage:Language"] = language;
        }

        return new ChannelApp(store, settings: settings);
    }

    /// <summary>A fresh store and app with <paramref name="platform"/>'s peer registered as its one endpoint.</summary>
    public static async Task<AnnouncementRig> StartAsync(string platform, bool forum = false, string? language = null)
    {
        var store = new TestStore();
        var peer = await PeerFor(platform);
        var app = Start(store, language);
        var endpoint = app.Get<AnnouncementEndpointService>().Add(platform, peer.WebhookUrl, null, null, forum, Admin);
        return new AnnouncementRig(store, peer, app, endpoint);
    }

    public void Deconstruct(out TestStore store, out ChatPlatformPeer peer, out ChannelApp app) => (store, peer, app) = (Store, Peer, App);

    public async ValueTask DisposeAsync()
    {
        App.Dispose();
        await Peer.DisposeAsync();
        Store.Dispose();
    }

    private static Task<ChatPlatformPeer> PeerFor(string platform) => platform switch
    {
        ChannelNames.Slack => ChatPlatformPeer.SlackAsync(),
        ChannelNames.Mattermost => ChatPlatformPeer.MattermostAsync(),
        ChannelNames.Teams => ChatPlatformPeer.TeamsAsync(),
        _ => ChatPlatformPeer.DiscordAsync(),
    };
}
