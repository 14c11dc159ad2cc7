using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Tests.Maintenance;

public class MaintenanceServiceTests
{
    private const string Author = "ops@example.com";

    [Fact]
    public void MovesIntoAndOutOfTheWindowAsTheClockPasses()
    {
        using var store = new TestStore();
        var db = store.Component("Database");
        var maintenance = store.Maintenance.Schedule(new MaintenanceDraft("DB upgrade", "Upgrading.", store.Now.AddHours(1), store.Now.AddHours(3), [db.Id]), Author);
        Assert.Equal(MaintenanceStatus.Scheduled, maintenance.Status);

        store.Time.Advance(TimeSpan.FromHours(1));
        store.Maintenance.AdvanceAll();
        Assert.Equal(MaintenanceStatus.InProgress, store.Maintenance.Get(maintenance.Id).Status);
        Assert.Equal(ComponentStatus.UnderMaintenance, store.Components.Get(db.Id).Status);

        store.Time.Advance(TimeSpan.FromHours(2));
        store.Maintenance.AdvanceAll();
        Assert.Equal(MaintenanceStatus.Completed, store.Maintenance.Get(maintenance.Id).Status);
        Assert.Equal(ComponentStatus.Operational, store.Components.Get(db.Id).Status);
    }

    [Fact]
    public void RestoresTheStatusAComponentHadBeforeTheWindow()
    {
        using var store = new TestStore();
        var db = store.Component("Database");
        store.Components.Update(store.Components.Get(db.Id) with { Status = ComponentStatus.DegradedPerformance }, Author);
        store.Maintenance.Schedule(new MaintenanceDraft("DB upgrade", null, store.Now.AddMinutes(10), store.Now.AddMinutes(40), [db.Id]), Author);

        store.Time.Advance(TimeSpan.FromMinutes(10));
        store.Maintenance.AdvanceAll();
        store.Time.Advance(TimeSpan.FromMinutes(30));
        store.Maintenance.AdvanceAll();

        Assert.Equal(ComponentStatus.DegradedPerformance, store.Components.Get(db.Id).Status);
    }

    [Fact]
    public void RefusesAWindowThatEndsBeforeItStarts()
    {
        using var store = new TestStore();
        var db = store.Component("Database");

        var error = Assert.Throws<ValidationException>(() =>
            store.Maintenance.Schedule(new MaintenanceDraft("Upgrade", null, store.Now.AddHours(3), store.Now.AddHours(1), [db.Id]), Author));

        Assert.Contains("ends", error.Message);
        Assert.Empty(store.Maintenance.All());
    }

    [Fact]
    public void RefusesAWindowScheduledMoreThanAYearAheadAsAMistypedYear()
    {
        using var store = new TestStore();
        var db = store.Component("Database");
        var starts = new DateTime(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        var error = Assert.Throws<ValidationException>(() => store.Maintenance.Schedule(new MaintenanceDraft("Upgrade", null, starts, starts.AddHours(1), [db.Id]), Author));

        Assert.Contains("at most 366 days ahead", error.Message);
        Assert.Empty(store.Maintenance.All());
        store.Maintenance.Schedule(new MaintenanceDraft("Upgrade", null, store.Now.AddDays(300), store.Now.AddDays(300).AddHours(1), [db.Id]), Author);
    }

    [Fact]
    public void CancellingARunningWindowEndsItNowAsCompletedAndPutsComponentsBack()
    {
        using var store = new TestStore();
        var db = store.Component("Database");
        var maintenance = store.Maintenance.Schedule(new MaintenanceDraft("Upgrade", null, store.Now.AddMinutes(1), store.Now.AddHours(1), [db.Id]), Author);
        store.Time.Advance(TimeSpan.FromMinutes(20));
        store.Maintenance.AdvanceAll();
        maintenance = store.Maintenance.Get(maintenance.Id);

        var ended = store.Maintenance.Cancel(maintenance.Id, maintenance.Version, Author);

        Assert.Equal((MaintenanceStatus.Completed, store.Now, store.Now), (ended.Status, ended.EndsAt, ended.EndedAt));
        Assert.Equal((MaintenanceStatus.Completed, MaintenanceUpdate.CompletedText, store.Now), (ended.Updates[^1].Status, ended.Updates[^1].Body, ended.Updates[^1].PostedAt));
        Assert.Equal(ComponentStatus.Operational, store.Components.Get(db.Id).Status);
        Assert.Throws<ValidationException>(() => store.Maintenance.Cancel(ended.Id, ended.Version, Author));
    }

    [Fact]
    public void AComponentTwoOverlappingWindowsCoverStaysUnderMaintenanceUntilTheLastEnds()
    {
        using var store = new TestStore();
        var webmail = store.Component("Webmail");
        store.Maintenance.Schedule(new MaintenanceDraft("Patch A", null, store.Now.AddMinutes(1), store.Now.AddMinutes(20), [webmail.Id]), Author);
        store.Maintenance.Schedule(new MaintenanceDraft("Patch B", null, store.Now.AddMinutes(2), store.Now.AddMinutes(60), [webmail.Id]), Author);
        store.Time.Advance(TimeSpan.FromMinutes(2));
        store.Maintenance.AdvanceAll();

        store.Time.Advance(TimeSpan.FromMinutes(20));
        store.Maintenance.AdvanceAll();
        Assert.Equal(ComponentStatus.UnderMaintenance, store.Components.Get(webmail.Id).Status);

        store.Time.Advance(TimeSpan.FromMinutes(40));
        store.Maintenance.AdvanceAll();
        Assert.Equal(ComponentStatus.Operational, store.Components.Get(webmail.Id).Status);
    }

    [Fact]
    public void ARunningWindowsComponentsFollowItsEditedList()
    {
        using var store = new TestStore();
        var inbound = store.Component("Inbound mail");
        var outbound = store.Component("Outbound mail");
        var relay = store.Component("Relay");
        store.Components.Update(store.Components.Get(relay.Id) with { Status = ComponentStatus.DegradedPerformance }, Author);
        var maintenance = store.Maintenance.Schedule(new MaintenanceDraft("Two comps", null, store.Now.AddMinutes(1), store.Now.AddHours(1), [inbound.Id, outbound.Id]), Author);
        store.Time.Advance(TimeSpan.FromMinutes(1));
        store.Maintenance.AdvanceAll();
        maintenance = store.Maintenance.Get(maintenance.Id);

        maintenance = store.Maintenance.Edit(maintenance.Id, maintenance.Version, new MaintenanceDraft("Two comps", null, maintenance.StartsAt, maintenance.EndsAt, [outbound.Id, relay.Id]), Author);
        Assert.Equal(
            (ComponentStatus.Operational, ComponentStatus.UnderMaintenance, ComponentStatus.UnderMaintenance),
            (store.Components.Get(inbound.Id).Status, store.Components.Get(outbound.Id).Status, store.Components.Get(relay.Id).Status));

        store.Maintenance.Cancel(maintenance.Id, maintenance.Version, Author);
        Assert.Equal(
            (ComponentStatus.Operational, ComponentStatus.Operational, ComponentStatus.DegradedPerformance),
            (store.Components.Get(inbound.Id).Status, store.Components.Get(outbound.Id).Status, store.Components.Get(relay.Id).Status));
    }
}
