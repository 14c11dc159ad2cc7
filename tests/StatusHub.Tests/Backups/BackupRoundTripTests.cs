using LiteDB;
using StatusHub.Backups;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Webhooks;
using StatusHub.Conversations;
using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.Incidents.Templates;
using StatusHub.Maintenance;
using StatusHub.ManageApi;
using StatusHub.Postmortems;
using StatusHub.Probes;
using StatusHub.Staff;
using StatusHub.StatusComponents;
using StatusHub.Subscribers;

namespace StatusHub.Tests.Backups;

/// <summary><c>backup</c> then <c>restore</c> into a fresh data folder gives back every document of every collection.</summary>
public sealed class BackupRoundTripTests : IDisposable
{
    private const string Staff = "oncall@example.com";

    private readonly TempFolder _backups = new();
    private readonly TempFolder _fresh = new();

    public void Dispose()
    {
        _backups.Dispose();
        _fresh.Dispose();
    }

    [Fact]
    public async Task EveryCollectionComesBackWhenABackupIsRestoredIntoAFreshDataFolder()
    {
        var file = _backups.File("statushub.bak");
        Dictionary<string, List<string>> before;
        using (var source = new TestStore())
        {
            Seed(source);
            before = Dump(source.Store.Database);

            var (exit, output, error) = await BackupCommand.RunAsync(source.Services, "backup", file);

            Assert.True(exit == 0, error);
            Assert.Contains($"Backed up the database to {file}", output);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
            var audit = source.Get<StatusHub.Audit.AuditLog>().Page(0, "backup:statushub.bak");
            Assert.Equal("command line (ops)", Assert.Single(audit, e => e.Action == "backup.written").Actor);
        }

        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "status_component", "component_group", "component_status_change", "incident", "scheduled_maintenance", "subscriber",
                "notification", "delivery", "fan_out_chunk", "staff_account", "api_key", "audit_entry", "probe", "incident_suggestion",
                "postmortem", "incident_template", "conversation", "conversation_message", "webhook_endpoint", "sequence",
            },
            before.Where(c => c.Value.Count > 0).Select(c => c.Key).ToHashSet(StringComparer.Ordinal));

        if (!OperatingSystem.IsWindows())
        {
            // As a sync tool or a plain cp may leave it.
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        using (var fresh = AppServices.Build(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _fresh.Path }))
        {
            var (exit, output, error) = await BackupCommand.RunAsync(fresh.Services, "restore", file);

            Assert.True(exit == 0, error);
            Assert.Contains($"Restored {file}", output);
            Assert.Contains("There was no database to replace.", output);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_fresh.File("statushub.db")));
        }

        using var restored = new TestStore(_fresh.Path);
        var after = Dump(restored.Store.Database);
        var restoredAudit = after["audit_entry"].Where(e => e.Contains("\"backup.restored\"", StringComparison.Ordinal)).ToList();
        Assert.Single(restoredAudit);
        after["audit_entry"] = after["audit_entry"].Except(restoredAudit).ToList();
        Assert.Equal(before.Keys.Order(), after.Keys.Where(k => after[k].Count > 0 || before.ContainsKey(k)).Order());
        foreach (var (collection, documents) in before)
        {
            Assert.True(documents.SequenceEqual(after[collection]), $"The collection {collection} differs after the restore.");
        }
    }

    /// <summary>One of each kind of thing the app stores, written through its services.</summary>
    private static void Seed(TestStore store)
    {
        var group = store.Components.CreateGroup("Mail", null, Staff);
        var api = store.Component("API");
        var mail = store.Component("Outbound mail", group.Id);
        var incident = store.Incidents.Open(new NewIncident("Mail is slow", null, new UpdateDraft(IncidentStatus.Investigating, "Looking.", null,
            new Dictionary<string, ComponentStatus> { [mail.Id] = ComponentStatus.MajorOutage })), Staff);
        incident = store.Incidents.Resolve(incident.Id, incident.Version, "Mail flows again.", Staff);
        store.Get<PostmortemService>().Start(incident.Id, "full", Staff);
        store.Maintenance.Schedule(new MaintenanceDraft("Upgrade", null, store.Now.AddDays(1), store.Now.AddDays(1).AddHours(1), [api.Id]), Staff);
        store.Get<SubscriberService>().AddConfirmed(ChannelNames.Email, "ada@example.org", true, null, Staff);
        store.Get<StaffAccountService>().Create("admin@example.com", StaffRoles.Admin, "a long enough passphrase", Staff);
        store.Get<ApiKeyService>().Create("deploys", ApiKeyScope.Write, Staff);
        store.Get<ProbeService>().Create(new Probe { Id = "", Name = "Web", Kind = ProbeKind.Http, Http = new HttpProbeSettings { Url = "https://app.example.com/health" } }, Staff);
        store.Get<IncidentSuggestions>().Suggest("alertmanager", "am:1", [api.Id], IncidentImpact.Major, "API errors", "Looking into errors.", "ApiErrors");
        store.Get<IncidentTemplateService>().Create(new IncidentTemplateDraft("api down", "API down", IncidentImpact.Critical, IncidentStatus.Identified, "We know.", [], null), Staff);
        store.Get<ConversationService>().Receive(new CustomerMessage(ChannelNames.Email, "dan@example.org", "Is mail down?", Client: "192.0.2.1"));
        store.Get<WebhookEndpointService>().Add("https://hooks.example.com/status", null, null, Staff);
        // A fan-out past the rows written at once leaves a chunk, as a large publish does.
        var notification = new Notification { Id = "n1", Title = "Mail is slow", Subject = $"incident:{incident.Id}", CreatedAt = store.Now };
        store.Store.Write(scope => OutboxStore.Enqueue(scope, notification,
            Enumerable.Range(0, OutboxStore.DirectRows + 5).Select(i => (ChannelNames.Email, $"reader{i}@example.org")), store.Now), affectsStatusPage: false);
    }

    /// <summary>Every collection's documents as JSON, ordered by id.</summary>
    private static Dictionary<string, List<string>> Dump(LiteDatabase database) =>
        database.GetCollectionNames().ToDictionary(
            name => name,
            name => database.GetCollection(name).FindAll().OrderBy(d => d["_id"].ToString(), StringComparer.Ordinal).Select(d => JsonSerializer.Serialize(d)).ToList(),
            StringComparer.Ordinal);
}
