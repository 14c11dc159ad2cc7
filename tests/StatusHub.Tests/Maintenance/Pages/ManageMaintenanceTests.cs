using Bunit;
using StatusHub.Maintenance;
using StatusHub.Maintenance.Pages;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Maintenance.Pages;

public class ManageMaintenanceTests : StaffPageApp
{
    [Fact]
    public void SchedulesMaintenanceFromLocalTimes()
    {
        var db = Store.Component("Database");
        var page = Render<ManageMaintenance>();

        page.Find("#maintenance-title").Change("Database upgrade");
        page.Find("#maintenance-body").Input("Expect **short** interruptions.");
        page.Find("#maintenance-starts").Change("2026-11-24T22:00");
        page.Find("#maintenance-ends").Change("2026-11-25T01:00");
        page.Find($"#maintenance-form input[data-component='{db.Id}']").Change(true);
        page.Find("#maintenance-form form").Submit();

        var saved = Assert.Single(Store.Maintenance.All());
        Assert.Equal(("Database upgrade", "Expect **short** interruptions.", MaintenanceStatus.Scheduled), (saved.Title, saved.Body, saved.Status));
        Assert.Equal(new DateTime(2026, 11, 24, 21, 0, 0, DateTimeKind.Utc), saved.StartsAt);
        Assert.Equal(new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc), saved.EndsAt);
        Assert.Equal([db.Id], saved.ComponentIds);
        Assert.Equal("Scheduled", page.Find($"[data-maintenance='{saved.Id}'] .badge").TextContent);
    }

    [Fact]
    public void SetsTheReminderPreviewsItAndTurnsItOff()
    {
        var db = Store.Component("Database");
        var page = Render<ManageMaintenance>();
        page.Find("#maintenance-title").Change("Database upgrade");
        page.Find("#maintenance-starts").Change("2026-11-24T22:00");
        page.Find("#maintenance-ends").Change("2026-11-25T01:00");
        page.Find($"#maintenance-form input[data-component='{db.Id}']").Change(true);
        Assert.Equal("60", page.Find("#maintenance-remind-minutes").GetAttribute("value"));

        page.Find("#maintenance-remind-minutes").Change("90");
        page.Find(".preview-reminder").Click();
        Assert.Contains("⏰ <b>Reminder: Database upgrade starts in 90 minutes</b>", page.Find(".reminder-previews [aria-label='telegram reminder'] pre").TextContent);
        Assert.Contains("Reminder: maintenance in 90 minutes: Database upgrade", page.Find(".reminder-previews [aria-label='email reminder']").TextContent);
        page.Find("#maintenance-form form").Submit();
        var saved = Assert.Single(Store.Maintenance.All());
        Assert.Equal(90, saved.RemindMinutesBefore);

        page.Find($"[data-maintenance='{saved.Id}'] .edit").Click();
        Assert.Equal("90", page.Find("#maintenance-remind-minutes").GetAttribute("value"));
        page.Find("#maintenance-remind").Change(false);
        page.Find("#maintenance-form form").Submit();
        Assert.Equal(0, Store.Maintenance.Get(saved.Id).RemindMinutesBefore);
    }

    [Fact]
    public void RefusesAWindowThatEndsBeforeItStartsAndSavesNothing()
    {
        var db = Store.Component("Database");
        var page = Render<ManageMaintenance>();

        page.Find("#maintenance-title").Change("Backwards");
        page.Find("#maintenance-starts").Change("2026-11-24T22:00");
        page.Find("#maintenance-ends").Change("2026-11-24T21:00");
        page.Find($"#maintenance-form input[data-component='{db.Id}']").Change(true);
        page.Find("#maintenance-form form").Submit();

        Assert.Equal("The window ends (2026-11-24 20:00 UTC) before it starts (2026-11-24 21:00 UTC).", page.Find("#maintenance-form [role=alert]").TextContent);
        Assert.Empty(Store.Maintenance.All());
    }

    [Fact]
    public void AsksForTheStartWhenItIsMissing()
    {
        var page = Render<ManageMaintenance>();

        page.Find("#maintenance-title").Change("No start");
        page.Find("#maintenance-form form").Submit();

        Assert.Equal("Enter when the window starts.", page.Find("#maintenance-form [role=alert]").TextContent);
    }

    [Fact]
    public void EditsTheWindowOfScheduledMaintenance()
    {
        var db = Store.Component("Database");
        var planned = Store.Maintenance.Schedule(new MaintenanceDraft("Upgrade", null, Store.Now.AddDays(1), Store.Now.AddDays(1).AddHours(2), [db.Id]), Editor);
        var page = Render<ManageMaintenance>();

        page.Find($"[data-maintenance='{planned.Id}'] .edit").Click();
        Assert.Equal("2026-11-24T13:00", page.Find("#maintenance-starts").GetAttribute("value"));
        page.Find("#maintenance-ends").Change("2026-11-24T18:00");
        page.Find("#maintenance-form form").Submit();

        Assert.Equal(new DateTime(2026, 11, 24, 17, 0, 0, DateTimeKind.Utc), Store.Maintenance.Get(planned.Id).EndsAt);
        Assert.Equal("Schedule maintenance", page.Find("#maintenance-form-heading").TextContent);
    }

    [Fact]
    public void CancelsMaintenanceOnlyAfterConfirmation()
    {
        var db = Store.Component("Database");
        var planned = Store.Maintenance.Schedule(new MaintenanceDraft("Upgrade", null, Store.Now.AddDays(1), Store.Now.AddDays(1).AddHours(2), [db.Id]), Editor);
        var page = Render<ManageMaintenance>();

        page.Find($"[data-maintenance='{planned.Id}'] .cancel-maintenance").Click();
        Assert.Equal(MaintenanceStatus.Scheduled, Store.Maintenance.Get(planned.Id).Status);

        page.Find($"[data-maintenance='{planned.Id}'] .confirm-cancel").Click();

        Assert.Equal(MaintenanceStatus.Cancelled, Store.Maintenance.Get(planned.Id).Status);
        Assert.Equal("Cancelled", page.Find($"[data-maintenance='{planned.Id}'] .badge").TextContent);
        Assert.Empty(page.FindAll($"[data-maintenance='{planned.Id}'] .cancel-maintenance"));
    }

    [Fact]
    public void EndsRunningMaintenanceNowOnlyAfterConfirmation()
    {
        var db = Store.Component("Database");
        var running = Store.Maintenance.Schedule(new MaintenanceDraft("Upgrade", null, Store.Now.AddMinutes(-5), Store.Now.AddHours(2), [db.Id]), Editor);
        var planned = Store.Maintenance.Schedule(new MaintenanceDraft("Later", null, Store.Now.AddDays(1), Store.Now.AddDays(1).AddHours(2), [db.Id]), Editor);
        var page = Render<ManageMaintenance>();
        Assert.Equal("Cancel…", page.Find($"[data-maintenance='{planned.Id}'] .cancel-maintenance").TextContent);
        Assert.Equal("End now…", page.Find($"[data-maintenance='{running.Id}'] .cancel-maintenance").TextContent);

        page.Find($"[data-maintenance='{running.Id}'] .cancel-maintenance").Click();
        Assert.Equal(MaintenanceStatus.InProgress, Store.Maintenance.Get(running.Id).Status);
        page.Find($"[data-maintenance='{running.Id}'] .confirm-cancel").Click();

        var ended = Store.Maintenance.Get(running.Id);
        Assert.Equal(MaintenanceStatus.Completed, ended.Status);
        Assert.Equal(Store.Now, ended.EndsAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal("Completed", page.Find($"[data-maintenance='{running.Id}'] .badge").TextContent);
        Assert.Equal(ComponentStatus.Operational, Store.Components.Get(db.Id).Status);
    }
}
