using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Subscribers;

namespace StatusHub.Tests.Maintenance;

/// <summary>Reminders before a maintenance window, queued by the scheduler's rounds through the outbox to email subscribers (SMTP sink).</summary>
public sealed class MaintenanceReminderTests : IAsyncDisposable
{
    private const string Staff = "ops@example.com";
    private readonly TestStore _store = new();
    private readonly SmtpSink _sink = new();
    private readonly ChannelApp _app;
    private readonly StatusComponent _db;
    private readonly StatusComponent _web;

    public MaintenanceReminderTests()
    {
        _app = new ChannelApp(_store, settings: ChannelApp.EmailTo(_sink, []));
        _db = _store.Component("Database");
        _web = _store.Component("Website");
        var subscribers = _app.Get<SubscriberService>();
        subscribers.AddConfirmed(ChannelNames.Email, "ada@example.org", false, [_db.Id], Staff);
        subscribers.AddConfirmed(ChannelNames.Email, "bob@example.org", false, [_web.Id], Staff);
    }

    private MaintenanceService Maintenance => _app.Maintenance;

    [Fact]
    public async Task RemindsTheSubscribersOfTheAffectedComponentsAnHourBeforeTheWindowOpens()
    {
        var maintenance = Maintenance.Schedule(Draft(hoursAhead: 3), Staff);
        Assert.Equal(ScheduledMaintenance.DefaultRemindMinutes, maintenance.RemindMinutesBefore);

        _store.Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1));
        Maintenance.AdvanceAll();
        Assert.Empty(Reminders());

        _store.Time.Advance(TimeSpan.FromMinutes(1));
        Maintenance.AdvanceAll();
        var reminder = Assert.Single(Reminders());
        Assert.Equal(_store.Now, reminder.CreatedAt);
        Assert.Equal(_store.Now, Maintenance.Get(maintenance.Id).RemindedAt);
        await _app.DeliverDueAsync();

        var mail = Assert.Single(await _sink.WaitForAsync(2), m => (m.Message.Subject ?? "").Contains("Reminder", StringComparison.Ordinal));
        Assert.Equal(["ada@example.org"], mail.Recipients);
        Assert.Equal("[Acme] Reminder: maintenance in 60 minutes: DB upgrade", mail.Message.Subject);
        Assert.Contains("DB upgrade starts in 60 minutes", mail.Message.TextBody);
        Assert.Contains($"{ChannelApp.PageUrl}/maintenance/{maintenance.Id}", mail.Message.TextBody);
        Assert.Contains("DB upgrade starts in 60 minutes", mail.Message.HtmlBody);
    }

    [Fact]
    public async Task AWindowWrittenDownAfterItOpenedIsAnnouncedOnceAsInProgressAsItsPreviewSaid()
    {
        var draft = new MaintenanceDraft("DB upgrade", "Upgrading.", _store.Now.AddMinutes(-20), _store.Now.AddHours(1), [_db.Id]);
        var preview = Maintenance.Preview(draft).Single(p => p.Channel == ChannelNames.Email);

        var maintenance = Maintenance.Schedule(draft, Staff);
        Maintenance.AdvanceAll();
        await _app.DeliverDueAsync();

        Assert.Equal(MaintenanceStatus.InProgress, maintenance.Status);
        Assert.Equal(ComponentStatus.UnderMaintenance, _store.Components.Get(_db.Id).Status);
        Assert.Equal([NotificationEvent.MaintenanceStarted], All().Select(n => n.Event).Where(e => e != NotificationEvent.ComponentUpdated));
        var mail = Assert.Single(await _sink.WaitForAsync(1));
        Assert.Equal(["ada@example.org"], mail.Recipients);
        Assert.Equal(preview.Message!.Subject, mail.Message.Subject);
        Assert.Contains("in progress", mail.Message.Subject, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RemindsExactlyOnceAcrossTwoRoundsAndARestart()
    {
        var maintenance = Maintenance.Schedule(Draft(hoursAhead: 3), Staff);
        _store.Time.Advance(TimeSpan.FromHours(2));

        Maintenance.AdvanceAll();
        Maintenance.AdvanceAll();
        using (var restarted = new ChannelApp(_store, settings: ChannelApp.EmailTo(_sink, [])))
        {
            _store.Time.Advance(TimeSpan.FromMinutes(30));
            restarted.Maintenance.AdvanceAll();
        }

        Assert.Single(Reminders());
        _store.Time.Advance(TimeSpan.FromMinutes(30));
        Maintenance.AdvanceAll();
        Assert.Equal(MaintenanceStatus.InProgress, Maintenance.Get(maintenance.Id).Status);
        Assert.Single(Reminders());
    }

    [Fact]
    public void SendsNoReminderForACancelledWindow()
    {
        var maintenance = Maintenance.Schedule(Draft(hoursAhead: 3), Staff);
        _store.Time.Advance(TimeSpan.FromHours(1));
        Maintenance.Cancel(maintenance.Id, Maintenance.Get(maintenance.Id).Version, Staff);

        _store.Time.Advance(TimeSpan.FromHours(1));
        Maintenance.AdvanceAll();

        Assert.Empty(Reminders());
    }

    [Fact]
    public void TheReminderFollowsAMovedWindow()
    {
        var maintenance = Maintenance.Schedule(Draft(hoursAhead: 3), Staff);
        _store.Time.Advance(TimeSpan.FromHours(1));
        Maintenance.Edit(maintenance.Id, Maintenance.Get(maintenance.Id).Version, Draft(hoursAhead: 4), Staff);

        _store.Time.Advance(TimeSpan.FromHours(1));
        Maintenance.AdvanceAll();
        Assert.Empty(Reminders());

        _store.Time.Advance(TimeSpan.FromHours(2));
        Maintenance.AdvanceAll();
        var reminder = Assert.Single(Reminders());
        Assert.Contains(UtcText(_store.Now.AddHours(1)), reminder.Messages[ChannelNames.Email].Text);
        Assert.Equal(1, Notices(NotificationEvent.MaintenanceScheduled));
    }

    [Fact]
    public void AWindowMovedAfterItsReminderIsAnnouncedAgainAndRemindedAgainBeforeItsNewStart()
    {
        var maintenance = Maintenance.Schedule(Draft(hoursAhead: 3), Staff);
        _store.Time.Advance(TimeSpan.FromHours(2));
        Maintenance.AdvanceAll();
        Assert.Single(Reminders());

        var moved = Maintenance.Edit(maintenance.Id, Maintenance.Get(maintenance.Id).Version, Draft(hoursAhead: 24), Staff);

        Assert.Null(moved.RemindedAt);
        var announcements = All().Where(n => n.Event == NotificationEvent.MaintenanceScheduled).ToList();
        Assert.Equal(2, announcements.Count);
        Assert.Contains("Maintenance rescheduled: DB upgrade", announcements[1].Messages[ChannelNames.Email].Subject);
        Assert.Contains(UtcText(_store.Now.AddHours(24)), announcements[1].Messages[ChannelNames.Email].Text);

        _store.Time.Advance(TimeSpan.FromHours(23));
        Maintenance.AdvanceAll();
        Assert.Equal(2, Reminders().Count);
    }

    [Fact]
    public void StaffChooseWhetherAMovedWindowIsAnnouncedAgainAndThePreviewShowsTheNotice()
    {
        var maintenance = Maintenance.Schedule(Draft(hoursAhead: 3), Staff);
        _store.Time.Advance(TimeSpan.FromHours(2));
        Maintenance.AdvanceAll();

        var preview = Maintenance.PreviewRescheduled(maintenance.Id, Draft(hoursAhead: 24)).Single(p => p.Channel == ChannelNames.Email);
        Maintenance.Edit(maintenance.Id, Maintenance.Get(maintenance.Id).Version, Draft(hoursAhead: 24), Staff, PublishChoice.Silent);

        Assert.Contains("Maintenance rescheduled: DB upgrade", preview.Message!.Subject);
        Assert.Equal(1, Notices(NotificationEvent.MaintenanceScheduled));
    }

    [Fact]
    public void AWindowMovedAfterItsReminderToStartWithinTheLeadTimeIsAnnouncedOnceMore()
    {
        var maintenance = Maintenance.Schedule(Draft(hoursAhead: 3), Staff);
        _store.Time.Advance(TimeSpan.FromHours(2));
        Maintenance.AdvanceAll();

        Maintenance.Edit(maintenance.Id, Maintenance.Get(maintenance.Id).Version, Draft(hoursAhead: 0.5), Staff);
        Maintenance.AdvanceAll();

        Assert.Equal(2, Notices(NotificationEvent.MaintenanceScheduled));
        Assert.Single(Reminders());
    }

    [Fact]
    public void AWindowScheduledWithinTheLeadTimeGetsNoReminder()
    {
        Maintenance.Schedule(Draft(hoursAhead: 0.75), Staff);

        Maintenance.AdvanceAll();
        _store.Time.Advance(TimeSpan.FromMinutes(30));
        Maintenance.AdvanceAll();

        Assert.Empty(Reminders());
        Assert.Equal(1, Notices(NotificationEvent.MaintenanceScheduled));
    }

    [Fact]
    public void StaffCanSetTheLeadTimeOrTurnTheReminderOff()
    {
        var early = Maintenance.Schedule(Draft(hoursAhead: 30) with { RemindMinutesBefore = 24 * 60 }, Staff);
        var quiet = Maintenance.Schedule(Draft(hoursAhead: 3) with { RemindMinutesBefore = 0 }, Staff);

        _store.Time.Advance(TimeSpan.FromHours(6));
        Maintenance.AdvanceAll();
        var reminder = Assert.Single(Reminders());
        Assert.Equal($"maintenance:{early.Id}", reminder.Subject);
        Assert.Contains("starts in 24 hours", reminder.Messages[ChannelNames.Email].Text);

        Assert.Equal(0, Maintenance.Get(quiet.Id).RemindMinutesBefore);
        Assert.Throws<ValidationException>(() => Maintenance.Schedule(Draft(hoursAhead: 3) with { RemindMinutesBefore = -1 }, Staff));
        Assert.Throws<ValidationException>(() => Maintenance.Schedule(Draft(hoursAhead: 3) with { RemindMinutesBefore = ScheduledMaintenance.MaxRemindMinutes + 1 }, Staff));
    }

    [Fact]
    public void ThePreviewShowsTheReminderEachChannelWouldSend()
    {
        var previews = Maintenance.PreviewReminder(Draft(hoursAhead: 3));

        var email = Assert.Single(previews, p => p.Channel == ChannelNames.Email);
        Assert.True(email.CarriesEvent);
        Assert.Equal(1, email.Recipients);
        Assert.Equal("[Acme] Reminder: maintenance in 60 minutes: DB upgrade", email.Message?.Subject);
    }

    public async ValueTask DisposeAsync()
    {
        _app.Dispose();
        _store.Dispose();
        await _sink.DisposeAsync();
    }

    private MaintenanceDraft Draft(double hoursAhead) =>
        new("DB upgrade", "Upgrading the database.", _store.Now.AddHours(hoursAhead), _store.Now.AddHours(hoursAhead + 2), [_db.Id]);

    private List<Notification> All() => [.. _store.Store.Collection<Notification>().FindAll().OrderBy(n => n.CreatedAt)];

    private List<Notification> Reminders() => [.. All().Where(n => n.Event == NotificationEvent.MaintenanceReminder)];

    private int Notices(NotificationEvent notificationEvent) => All().Count(n => n.Event == notificationEvent);

    private static string UtcText(DateTime utc) => StatusHub.Time.UtcText.Format(utc);
}
