using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.Subscribers;

namespace StatusHub.Tests.Maintenance;

/// <summary>What subscribers hear (SMTP sink) when staff call a window off: cancelled before it opens, completed now once under way.</summary>
public sealed class MaintenanceEndingTests : IAsyncDisposable
{
    private const string Staff = "ops@example.com";
    private readonly TestStore _store = new();
    private readonly SmtpSink _sink = new();
    private readonly ChannelApp _app;
    private readonly StatusComponent _db;

    public MaintenanceEndingTests()
    {
        _app = new ChannelApp(_store, settings: ChannelApp.EmailTo(_sink, []));
        _db = _store.Component("Database");
        _app.Get<SubscriberService>().AddConfirmed(ChannelNames.Email, "ada@example.org", false, [_db.Id], Staff);
    }

    private MaintenanceService Maintenance => _app.Maintenance;

    [Fact]
    public async Task AWindowEndedWhileUnderWayIsAnnouncedAsCompletedWithItsRealEndAsItsPreviewSaid()
    {
        var maintenance = Maintenance.Schedule(new MaintenanceDraft("DB upgrade", "Upgrading.", _store.Now.AddMinutes(-20), _store.Now.AddHours(2), [_db.Id]), Staff);
        _store.Time.Advance(TimeSpan.FromMinutes(30));
        var preview = Maintenance.PreviewCancelled(maintenance.Id).Single(p => p.Channel == ChannelNames.Email);

        Maintenance.Cancel(maintenance.Id, Maintenance.Get(maintenance.Id).Version, Staff);
        await _app.DeliverDueAsync();

        var mails = await _sink.WaitForAsync(2);
        var ended = Assert.Single(mails, m => m.Message.Subject != "[Acme] Maintenance in progress: DB upgrade");
        Assert.Equal("[Acme] Maintenance completed: DB upgrade", ended.Message.Subject);
        Assert.Contains($"{UtcText(maintenance.StartsAt)} – {UtcText(_store.Now)}", ended.Message.TextBody);
        Assert.Equal(preview.Message?.Subject, ended.Message.Subject);
        Assert.DoesNotContain(All(), n => n.Event == NotificationEvent.MaintenanceCancelled);
        Assert.Equal(ComponentStatus.Operational, _store.Components.Get(_db.Id).Status);
    }

    [Fact]
    public async Task AWindowCalledOffBeforeItOpensIsAnnouncedAsCancelled()
    {
        var maintenance = Maintenance.Schedule(new MaintenanceDraft("DB upgrade", "Upgrading.", _store.Now.AddMinutes(30), _store.Now.AddHours(2), [_db.Id]), Staff);

        var cancelled = Maintenance.Cancel(maintenance.Id, maintenance.Version, Staff);
        await _app.DeliverDueAsync();

        Assert.Equal((MaintenanceStatus.Cancelled, maintenance.EndsAt), (cancelled.Status, cancelled.EndsAt));
        var mails = await _sink.WaitForAsync(2);
        Assert.Contains(mails, m => m.Message.Subject == "[Acme] Maintenance cancelled: DB upgrade");
    }

    public async ValueTask DisposeAsync()
    {
        _app.Dispose();
        _store.Dispose();
        await _sink.DisposeAsync();
    }

    private List<Notification> All() => [.. _store.Store.Collection<Notification>().FindAll()];

    private static string UtcText(DateTime utc) => StatusHub.Time.UtcText.Format(utc);
}
