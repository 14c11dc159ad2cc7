using Microsoft.Extensions.Time.Testing;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Tests.Support;

namespace StatusHub.Benchmarks;

/// <summary>
/// A status page with history, written into a data folder before any app opens it: ten components, a maintenance a
/// week over the past year (the next one two hours ahead), finished incidents with three updates each spread over
/// the given span, and live incidents opened and updated through <see cref="IncidentService"/> as staff would, which
/// also moves their components off operational.
/// </summary>
public static class SeededPage
{
    public static void Write(string data, int resolved, TimeSpan spread, int unresolved = 0)
    {
        var now = DateTime.UtcNow;
        // The clock starts a year back so that a year of weekly maintenance can be scheduled ahead of it.
        var time = new FakeTimeProvider(now.AddDays(-365));
        // Not started, and nothing asks for the snapshot, so none listens: one rebuild per write would make seeding quadratic.
        using var app = AppServices.Build(new Dictionary<string, string?> { ["Storage:DataDirectory"] = data }, time);
        var store = app.Services.GetRequiredService<LiteStore>();
        var componentService = app.Services.GetRequiredService<ComponentService>();
        var components = Enumerable.Range(1, 10).Select(i => componentService.Create(new ComponentDraft($"Service {i}", null, null), "bench")).ToList();
        var maintenance = app.Services.GetRequiredService<MaintenanceService>();
        for (var week = 0; week < 52; week++)
        {
            var start = now.AddDays(-7 * week).AddHours(2);
            maintenance.Schedule(new MaintenanceDraft($"Weekly database upgrade {week}", "Short read-only window.", start, start.AddHours(1), [components[0].Id]), "bench");
        }

        // One transaction of finished incidents: thousands of commits through IncidentService take minutes on a slow disk.
        var random = new Random(5);
        store.Write(scope =>
        {
            for (var i = 0; i < resolved; i++)
            {
                var start = now.AddMinutes(-random.Next(10, (int)spread.TotalMinutes));
                IncidentUpdate Update(IncidentStatus status, string body, int minutes) =>
                    new() { Id = Ids.New(), Status = status, Body = body, Author = "bench", PostedAt = start.AddMinutes(minutes), DisplayAt = start.AddMinutes(minutes) };
                scope.Insert(new Incident
                {
                    Id = Ids.New(),
                    Title = $"Incident {i}: elevated errors",
                    ImpactOverride = IncidentImpact.Minor,
                    Status = IncidentStatus.Resolved,
                    ComponentIds = [components[i % components.Count].Id],
                    Updates =
                    [
                        Update(IncidentStatus.Investigating, "We are looking into **elevated error rates** on the API.", 0),
                        Update(IncidentStatus.Identified, "A bad deploy; rolling back.", 20),
                        Update(IncidentStatus.Resolved, "Error rates are back to normal.", 45),
                    ],
                    CreatedAt = start,
                    UpdatedAt = start.AddMinutes(45),
                    ResolvedAt = start.AddMinutes(45),
                });
            }
        });

        // Live incidents ten minutes apart up to now, each updated five minutes after it opened.
        time.SetUtcNow(now.AddMinutes(-10 * unresolved));
        var incidents = app.Services.GetRequiredService<IncidentService>();
        for (var i = 0; i < unresolved; i++)
        {
            var component = components[(i + 1) % components.Count].Id;
            var status = i % 2 == 0 ? ComponentStatus.DegradedPerformance : ComponentStatus.PartialOutage;
            var opened = incidents.Open(
                new NewIncident($"Live incident {i}: slow responses", null, new UpdateDraft(IncidentStatus.Investigating, "We are seeing **slow responses** and are looking into it.", ComponentStatuses: new Dictionary<string, ComponentStatus> { [component] = status })),
                "bench");
            time.Advance(TimeSpan.FromMinutes(5));
            incidents.PostUpdate(opened.Id, opened.Version, new UpdateDraft(IncidentStatus.Identified, "A saturated database node; traffic is being moved off it."), "bench");
            time.Advance(TimeSpan.FromMinutes(5));
        }
    }
}
