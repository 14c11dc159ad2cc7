using Microsoft.Extensions.Time.Testing;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.Postmortems;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Tests.Storage;

/// <summary>A store written before names and texts were checked is cleaned on upgrade with the policy input now meets.</summary>
public class StoredTextMigrationTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 23, 10, 30, 0, TimeSpan.Zero));
    private static readonly DateTime Now = Time.GetUtcNow().UtcDateTime;

    [Fact]
    public void UpgradingCleansNamesTitlesAndBodiesOfEverythingThePublicPagesShow()
    {
        using var folder = new TempFolder();
        var path = folder.File("statushub.db");
        Migrator.Migrate(path, [.. SchemaMigrations.All.Where(m => m.Version <= 9)], Time);
        using (var before = new LiteStore(path))
        {
            before.Write(scope =>
            {
                scope.Insert(new ComponentGroup { Id = "mail", Name = "Mail\u202E group", Description = "All\r\nmail\u0000", CreatedAt = Now, UpdatedAt = Now });
                scope.Insert(new StatusComponent { Id = "web", Name = "\u001b[31mWeb\u001b[0m", Description = "Front\u0007 end", GroupId = "mail", CreatedAt = Now, UpdatedAt = Now });
                scope.Insert(new StatusComponent { Id = "blank", Name = "\u0001\u0002", CreatedAt = Now, UpdatedAt = Now });
                scope.Insert(new Incident
                {
                    Id = "pasted",
                    Title = "Mail\tdelayed\uffff",
                    Updates =
                    [
                        new IncidentUpdate
                        {
                            Id = "first",
                            Body = "Log:\r\n\u001b[1mERROR\u001b[0m\u000b done",
                            Author = "oncall@example.com",
                            Revisions = [new UpdateRevision("Earlier\u0000 words", Now, "oncall@example.com", Now)],
                        },
                    ],
                    CreatedAt = Now,
                    UpdatedAt = Now,
                });
                scope.Insert(new ScheduledMaintenance
                {
                    Id = "swap",
                    Title = "Disk\u0085swap",
                    Body = "Zu\u0308rich\ufffe",
                    Updates = [new MaintenanceUpdate("u1", MaintenanceStatus.Cancelled, "Off\u0003.", "oncall@example.com", Now)],
                    CreatedAt = Now,
                    UpdatedAt = Now,
                });
                scope.Insert(new Postmortem { Id = "pasted", Title = "What\u0008 happened", Body = "Text\u001b[0m", Faq = [new FaqEntry("Lost\u0007?", "No\u0000.")], CreatedAt = Now, UpdatedAt = Now });
            });
        }

        var backup = Migrator.Migrate(path, SchemaMigrations.All, Time);

        Assert.NotNull(backup);
        using var after = new LiteStore(path);
        var group = after.Collection<ComponentGroup>().FindById("mail");
        Assert.Equal(("Mail group", "All\nmail"), (group.Name, group.Description));
        var web = after.Collection<StatusComponent>().FindById("web");
        Assert.Equal(("Web", "Front end"), (web.Name, web.Description));
        Assert.Equal("(unnamed)", after.Collection<StatusComponent>().FindById("blank").Name);
        var incident = after.Collection<Incident>().FindById("pasted");
        Assert.Equal("Mail delayed", incident.Title);
        Assert.Equal("Log:\nERROR done", incident.Updates[0].Body);
        Assert.Equal("Earlier words", incident.Updates[0].Revisions[0].Body);
        var maintenance = after.Collection<ScheduledMaintenance>().FindById("swap");
        Assert.Equal(("Disk swap", "Zürich", "Off."), (maintenance.Title, maintenance.Body, maintenance.Updates[0].Body));
        var postmortem = after.Collection<Postmortem>().FindById("pasted");
        Assert.Equal(("What happened", "Text", "Lost?", "No."), (postmortem.Title, postmortem.Body, postmortem.Faq[0].Question, postmortem.Faq[0].Answer));
        Assert.Equal(1, web.Version);
    }
}
