using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Upstream;

namespace StatusHub.Tests.Upstream;

/// <summary>Records every change the poller reports, as the draft-incident wiring will receive them.</summary>
public sealed class RecordingUpstreamListener : IUpstreamChangeListener
{
    private readonly ConcurrentQueue<UpstreamChange> _changes = new();

    public IReadOnlyList<UpstreamChange> Changes => [.. _changes];

    public void OnUpstreamChanged(UpstreamChange change) => _changes.Enqueue(change);
}

/// <summary>The poller against a Statuspage-shaped page on loopback, driven by a fake clock (the app is built, not started).</summary>
public sealed class UpstreamPollerTests : IAsyncLifetime
{
    private const string Admin = "root@example.com";

    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _time = new(TestStore.Start);
    private readonly RecordingUpstreamListener _listener = new();
    private readonly WebApplication _app;
    private FakeStatuspage _upstream = null!;

    public UpstreamPollerTests() =>
        _app = AppServices.Build(
            new Dictionary<string, string?> { ["Storage:DataDirectory"] = _data.Path, ["Webhooks:Secret"] = "upstream-test-secret" },
            _time,
            services => services.AddSingleton<IUpstreamChangeListener>(_listener));

    public async ValueTask InitializeAsync() => _upstream = await FakeStatuspage.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _upstream.DisposeAsync();
        await _app.DisposeAsync();
        _data.Dispose();
    }

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private UpstreamPoller Poller => Get<UpstreamPoller>();

    private StatusComponent Component(string name) => Get<ComponentService>().Create(new ComponentDraft(name, null, null), Admin);

    private ComponentStatus StatusOf(StatusComponent component) => Get<ComponentService>().Get(component.Id).Status;

    private UpstreamLink Follow(StatusComponent component, string upstreamId, string? url = null) =>
        Get<UpstreamService>().Follow(component.Id, url ?? _upstream.BaseUrl, upstreamId, "Relay Co", UpstreamLink.DefaultInterval, 0, Admin);

    private Task PollAfterAsync(TimeSpan wait)
    {
        _time.Advance(wait);
        return Poller.PollDueAsync(TestContext.Current.CancellationToken);
    }

    private Task PollNextAsync() => PollAfterAsync(UpstreamLink.DefaultInterval * 1.2);

    private List<AuditEntry> Audit(string action) =>
        [.. Get<LiteStore>().Collection<AuditEntry>().FindAll().Where(e => e.Action == action).OrderBy(e => e.Id)];

    [Fact]
    public async Task MirrorsAnUpstreamChangeThroughTheComponentServiceAuditedAsTheUpstreamAndTellsTheListenerOnce()
    {
        var relay = Component("SMTP relay");
        Get<SubscriberService>().AddConfirmed(ChannelNames.Webhook, "https://198.51.100.7/hook", true, null, Admin);
        _upstream.Set("up-smtp", "operational", "SMTP");
        Follow(relay, "up-smtp");
        await PollAfterAsync(TimeSpan.Zero);
        Assert.Equal(ComponentStatus.Operational, StatusOf(relay));

        _upstream.Set("up-smtp", "partial_outage");
        await PollNextAsync();
        await PollNextAsync();

        Assert.Equal(ComponentStatus.PartialOutage, StatusOf(relay));
        var entry = Assert.Single(Audit("component.updated"));
        Assert.Equal("system:upstream:127.0.0.1", entry.Actor);
        Assert.Contains("status operational → partial_outage", entry.Details);
        var history = Get<LiteStore>().Collection<ComponentStatusChange>().Find(c => c.ComponentId == relay.Id).OrderBy(c => c.At).Last();
        Assert.Equal("system:upstream:127.0.0.1", history.Source);
        var change = Assert.Single(_listener.Changes);
        Assert.Equal((relay.Id, "SMTP relay", ComponentStatus.Operational, ComponentStatus.PartialOutage, "Relay Co"), (change.ComponentId, change.ComponentName, change.From, change.To, change.UpstreamName));
        Assert.Equal(new DateTime(2026, 11, 23, 11, 0, 0, DateTimeKind.Utc), change.Since);
        Assert.True(change.IsWorse);
        var notice = Assert.Single(Get<LiteStore>().Collection<Notification>().FindAll(), n => n.Event == NotificationEvent.ComponentUpdated);
        Assert.Equal("system:upstream:127.0.0.1", notice.CreatedBy);
        Assert.Equal([relay.Id], notice.ComponentIds);

        _upstream.Set("up-smtp", "operational");
        await PollNextAsync();

        Assert.Equal(ComponentStatus.Operational, StatusOf(relay));
        Assert.Equal(2, _listener.Changes.Count);
        Assert.False(_listener.Changes[1].IsWorse);
    }

    [Fact]
    public async Task AnUnchangedUpstreamAnswers304ToItsETagAndNothingIsWritten()
    {
        var relay = Component("SMTP relay");
        _upstream.Set("up-smtp", "major_outage");
        Follow(relay, "up-smtp");
        await PollAfterAsync(TimeSpan.Zero);
        var mirrored = Get<ComponentService>().Get(relay.Id);

        await PollNextAsync();
        await PollNextAsync();

        Assert.Equal(3, _upstream.Requests);
        Assert.Equal(1, _upstream.FullAnswers);
        Assert.Equal("\"rev-2\"", _upstream.LastIfNoneMatch);
        Assert.Equal(mirrored.Version, Get<ComponentService>().Get(relay.Id).Version);
        Assert.Single(Audit("component.updated"));
        Assert.Single(_listener.Changes);
    }

    [Fact]
    public async Task AnUpstreamStillAnsweringIsNotPolledAgain()
    {
        Follow(Component("SMTP relay"), "up-smtp");
        _upstream.Hold = new TaskCompletionSource();
        var first = PollAfterAsync(TimeSpan.Zero);
        while (_upstream.Requests == 0)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await PollAfterAsync(UpstreamLink.DefaultInterval * 5);
        _upstream.Hold.SetResult();
        await first;

        Assert.Equal(1, _upstream.Requests);
    }

    [Fact]
    public async Task AnUpstreamIsNotPolledBeforeItsInterval()
    {
        Follow(Component("SMTP relay"), "up-smtp");
        await PollAfterAsync(TimeSpan.Zero);

        await PollAfterAsync(UpstreamLink.DefaultInterval / 2);

        Assert.Equal(1, _upstream.Requests);
    }

    [Theory]
    [InlineData(null, "{not json", "not valid JSON")]
    [InlineData(null, "{\"status\":{\"indicator\":\"none\"}}", "not Statuspage v2 JSON")]
    [InlineData(HttpStatusCode.InternalServerError, null, "HTTP 500")]
    public async Task AFailingOrMalformedUpstreamChangesNothingAndStaffSeeSinceWhen(HttpStatusCode? failure, string? body, string error)
    {
        var relay = Component("SMTP relay");
        _upstream.Set("up-smtp", "major_outage");
        var link = Follow(relay, "up-smtp");
        (_upstream.Failure, _upstream.RawBody) = (failure, body);
        var failingFrom = _time.GetUtcNow().UtcDateTime;

        await PollAfterAsync(TimeSpan.Zero);
        await PollAfterAsync(UpstreamLink.DefaultInterval * 1.2);

        Assert.Equal(2, _upstream.Requests);
        Assert.Equal(ComponentStatus.Operational, StatusOf(relay));
        Assert.Empty(Audit("component.updated"));
        Assert.Empty(_listener.Changes);
        var health = Poller.Health(link.Url);
        Assert.NotNull(health);
        Assert.Equal(failingFrom, health.FailingSince);
        Assert.Contains(error, health.Error);
    }

    [Fact]
    public async Task AnUnreachableUpstreamChangesNothingAndIsTriedLessOftenUntilItAnswers()
    {
        var relay = Component("SMTP relay");
        var link = Follow(relay, "up-smtp", FakeTelegramBotApi.RefusingUrl());

        await PollAfterAsync(TimeSpan.Zero);
        Assert.Contains("could not be reached: Connection refused", Poller.Health(link.Url)?.Error);
        var firstRetry = Poller.Health(link.Url)!.NextPollAt;
        await PollAfterAsync(firstRetry - _time.GetUtcNow().UtcDateTime);
        var secondWait = Poller.Health(link.Url)!.NextPollAt - _time.GetUtcNow().UtcDateTime;

        Assert.True(secondWait >= UpstreamLink.DefaultInterval * 2, $"the second retry waits {secondWait}, not twice the interval");
        Assert.Equal(ComponentStatus.Operational, StatusOf(relay));
        Assert.Empty(_listener.Changes);
    }

    [Fact]
    public async Task AnUnknownUpstreamStatusIsReportedNotGuessed()
    {
        var relay = Component("SMTP relay");
        _upstream.Set("up-smtp", "on_fire");
        var link = Follow(relay, "up-smtp");

        await PollAfterAsync(TimeSpan.Zero);

        Assert.Equal(ComponentStatus.Operational, StatusOf(relay));
        Assert.Contains("'on_fire' is not one of Statuspage's", Poller.Problem(link));
    }

    [Fact]
    public async Task TwoComponentsFollowingOnePageShareOneFetch()
    {
        var relay = Component("SMTP relay");
        var dns = Component("DNS");
        _upstream.Set("up-smtp", "degraded_performance");
        _upstream.Set("up-dns", "major_outage");
        Follow(relay, "up-smtp");
        Follow(dns, "up-dns", _upstream.BaseUrl + "/api/v2/summary.json");

        await PollAfterAsync(TimeSpan.Zero);

        Assert.Equal(1, _upstream.Requests);
        Assert.Equal(ComponentStatus.DegradedPerformance, StatusOf(relay));
        Assert.Equal(ComponentStatus.MajorOutage, StatusOf(dns));
        Assert.Equal(2, _listener.Changes.Count);
    }

    [Theory]
    [InlineData("ftp://status.example.com", "http:// or https://")]
    [InlineData("http://user:secret@status.example.com", "without a user name")]
    [InlineData("", "required")]
    public void AnUnusableUpstreamUrlIsRefusedAndNothingIsStored(string url, string message)
    {
        var relay = Component("SMTP relay");

        var refused = Assert.Throws<ValidationException>(() => Follow(relay, "up-smtp", url));

        Assert.Contains(message, refused.Message);
        Assert.Empty(Get<UpstreamService>().All());
    }

    [Fact]
    public void FollowingIsAuditedWithTheUrlAndAnIntervalOutOfBoundsIsRefused()
    {
        var relay = Component("SMTP relay");

        Assert.Throws<ValidationException>(() => Get<UpstreamService>().Follow(relay.Id, _upstream.BaseUrl, "up-smtp", "Relay Co", TimeSpan.FromSeconds(5), 0, Admin));
        var link = Follow(relay, "up-smtp");

        Assert.Equal(_upstream.BaseUrl + "/api/v2/summary.json", link.Url);
        var entry = Assert.Single(Audit("upstream.followed"));
        Assert.Equal(Admin, entry.Actor);
        Assert.Contains(link.Url, entry.Details);
    }
}
