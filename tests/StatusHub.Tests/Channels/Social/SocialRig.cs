using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;

namespace StatusHub.Tests.Channels.Social;

/// <summary>
/// The channel layer (<see cref="ChannelApp"/>) with the social accounts set by <paramref name="settings"/>, stepped by the
/// test: open an incident, post updates, deliver what is due, move the clock.
/// </summary>
public sealed class SocialRig(TestStore store, Dictionary<string, string?> settings) : IDisposable
{
    private readonly ChannelApp _app = new(store, settings: settings);

    public ChannelApp App => _app;

    public TestStore Store => store;

    public static Dictionary<string, string?> Mastodon(FakeMastodon mastodon, string token = FakeMastodon.Token) => new()
    {
        ["Social:Mastodon:InstanceUrl"] = mastodon.InstanceUrl,
        ["Social:Mastodon:AccessToken"] = token,
    };

    public static Dictionary<string, string?> Bluesky(FakeBlueskyPds pds, string password = FakeBlueskyPds.AppPassword) => new()
    {
        ["Social:Bluesky:Service"] = pds.Service,
        ["Social:Bluesky:Identifier"] = FakeBlueskyPds.Handle,
        ["Social:Bluesky:AppPassword"] = password,
    };

    public static string IncidentUrl(Incident incident) => $"{ChannelApp.PageUrl}/incidents/{incident.Id}";

    public Incident Open(string title = "Checkout is down", string body = "We are looking into failed payments.") =>
        _app.Incidents.Open(new NewIncident(title, IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, body)), "oncall@example.com");

    public Incident Update(Incident incident, string body, IncidentStatus status = IncidentStatus.Identified)
    {
        var current = _app.Incidents.Get(incident.Id);
        return _app.Incidents.PostUpdate(current.Id, current.Version, new UpdateDraft(status, body), "oncall@example.com");
    }

    public IReadOnlyList<ChannelPreview> PreviewUpdate(Incident incident, string body, IncidentStatus status = IncidentStatus.Identified) =>
        _app.Incidents.Preview(incident.Id, incident.Title, new UpdateDraft(status, body), "oncall@example.com");

    /// <summary>
    /// Delivers what is due a minute after the last step: the channels allow one post a second on the fake clock, which
    /// only the test moves, so each step starts with the pace's allowance back.
    /// </summary>
    public Task<int> DeliverDueAsync()
    {
        store.Time.Advance(TimeSpan.FromMinutes(1));
        return _app.DeliverDueAsync();
    }

    /// <summary>Moves the clock past every retry's wait (the backoff's cap) and delivers what is then due.</summary>
    public Task<int> DeliverRetriesAsync()
    {
        store.Time.Advance(Backoff.Cap);
        return DeliverDueAsync();
    }

    public IReadOnlyList<Delivery> Deliveries(string channel) => _app.Deliveries(channel);

    public Delivery Single(string channel) => Assert.Single(_app.Deliveries(channel));

    public bool IsMarkedFailing(string channel) => store.Store.Collection<FailingTarget>().Find(f => f.Channel == channel).Any();

    public void Dispose() => _app.Dispose();
}
