using Microsoft.Extensions.Logging.Abstractions;
using StatusHub.Incidents;
using StatusHub.Postmortems;
using StatusHub.Staff;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Tests.Postmortems;

/// <summary>Post-mortems over a <see cref="TestStore"/>: the service from the app's container, the shipped skeletons, and staff accounts to act as.</summary>
public static class PostmortemApp
{
    public const string Admin = "admin@example.com";
    public const string Editor = "editor@example.com";

    public static PostmortemSkeletons Skeletons { get; } =
        new(Path.Combine(RepositoryRoot.Path, "templates", "postmortems"), NullLogger<PostmortemSkeletons>.Instance);

    public static PostmortemService Postmortems(this TestStore store) => store.Get<PostmortemService>();

    /// <summary>A staff account as the sign-in pages would have created it (the password does not matter here).</summary>
    public static void AddStaff(this TestStore store, string email, string role) =>
        store.Store.Write(scope => scope.Insert(new StaffAccount { Id = Ids.New(), Email = email, Role = role, PasswordHash = "unused", CreatedAt = store.Now }));

    /// <summary>An incident opened two hours ago with <paramref name="component"/> in a major outage, resolved now.</summary>
    public static Incident ResolvedIncident(this TestStore store, StatusComponent? component = null, string title = "Mail delivery delayed", IncidentService? incidents = null)
    {
        incidents ??= store.Incidents;
        var statuses = component is null ? null : new Dictionary<string, ComponentStatus> { [component.Id] = ComponentStatus.MajorOutage };
        var incident = incidents.Open(
            new NewIncident(title, null, new UpdateDraft(IncidentStatus.Investigating, "We are looking into delayed mail.", store.Now.AddHours(-2), statuses)),
            "oncall@example.com");
        return incidents.Resolve(incident.Id, incident.Version, "All mail delivered.", "oncall@example.com");
    }

    /// <summary>A skeleton's body with its guidance (the lines in italics) written over, as staff would before publishing.</summary>
    public static string Written(string skeletonBody) => string.Join('\n', skeletonBody.Split('\n').Select(line =>
        line.StartsWith("- _", StringComparison.Ordinal) ? "- The disk alert was heard."
        : line.StartsWith('_') ? "What staff wrote about it."
        : line));

    /// <summary>A post-mortem filled in enough to publish, sent for review.</summary>
    public static Postmortem ReadyForReview(this PostmortemService postmortems, Incident incident, Func<PostmortemDraft, PostmortemDraft>? change = null)
    {
        var started = postmortems.Start(incident.Id, "full", Editor);
        var draft = PostmortemDraft.Of(started) with
        {
            Body = Written(started.Body),
            ShortStory = "A full disk on one mail server delayed mail for two hours.",
            DataLoss = "No mail was lost: every message waited in the queue and was delivered.",
        };
        var saved = postmortems.Save(incident.Id, started.Version, change?.Invoke(draft) ?? draft, Editor);
        return postmortems.SendForReview(incident.Id, saved.Version, Editor);
    }
}
