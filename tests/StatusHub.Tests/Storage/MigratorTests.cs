using LiteDB;
using Microsoft.Extensions.Time.Testing;
using StatusHub.Incidents.Suggestions;
using StatusHub.Storage;

namespace StatusHub.Tests.Storage;

public class MigratorTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 23, 10, 30, 0, TimeSpan.Zero));

    [Fact]
    public void CreatesAFreshDatabaseAtTheLatestVersionWithoutABackup()
    {
        using var folder = new TempFolder();
        var path = folder.File("fresh.db");

        var backup = Migrator.Migrate(path, SchemaMigrations.All, Time);

        Assert.Null(backup);
        Assert.Equal(Migrator.LatestVersion(SchemaMigrations.All), UserVersion(path));
    }

    [Fact]
    public void AStoreFromBeforeVersionElevenFindsStaffWebhooksByUrlThroughAnIndex()
    {
        using var folder = new TempFolder();
        var path = folder.File("app.db");
        Migrator.Migrate(path, [.. SchemaMigrations.All.Where(m => m.Version <= 10)], Time);
        var collection = CollectionNames.For<StatusHub.Channels.Webhooks.WebhookEndpoint>();
        Assert.DoesNotContain("Url", Indexes(path, collection));

        Migrator.Migrate(path, SchemaMigrations.All, Time);

        Assert.Contains("Url", Indexes(path, collection));
    }

    [Fact]
    public void AStoreFromBeforeVersionTwelveFindsProbeResultsByProbeThroughAnIndex()
    {
        using var folder = new TempFolder();
        var path = folder.File("app.db");
        Migrator.Migrate(path, [.. SchemaMigrations.All.Where(m => m.Version <= 11)], Time);
        var collection = CollectionNames.For<StatusHub.Probes.ProbeResult>();
        Assert.DoesNotContain("ProbeId", Indexes(path, collection));

        Migrator.Migrate(path, SchemaMigrations.All, Time);

        Assert.Contains("ProbeId", Indexes(path, collection));
    }

    [Fact]
    public async Task AStoreFromBeforeVersionSixteenStillAnswersSmsDeliveryReportsThroughTheReportIndexAloneAndOpensItsOutbox()
    {
        using var folder = new TempFolder();
        var path = folder.File("app.db");
        Migrator.Migrate(path, [.. SchemaMigrations.All.Where(m => m.Version <= 15)], Time);
        var collection = CollectionNames.For<StatusHub.Channels.Outbox.Delivery>();
        using (var db = new LiteDatabase($"Filename={path};Connection=direct"))
        {
            // As the outbox of those versions created it at start.
            db.GetCollection(collection).EnsureIndex("waiting", "IIF($.State = 'Pending', $.NextAttemptAt, null)");
            db.GetCollection(collection).Insert(
            [
                new BsonDocument { ["_id"] = "n1:sms:+15550100", ["NotificationId"] = "n1", ["Channel"] = "sms", ["Target"] = "+15550100", ["State"] = "Sent", ["ExternalId"] = "SM1" },
                new BsonDocument { ["_id"] = "n1:sms:+15550101", ["NotificationId"] = "n1", ["Channel"] = "sms", ["Target"] = "+15550101", ["State"] = "Pending", ["Sequence"] = 2L, ["CreatedAt"] = Time.GetUtcNow().UtcDateTime, ["NextAttemptAt"] = Time.GetUtcNow().UtcDateTime },
                new BsonDocument { ["_id"] = "n1:email:a@example.org", ["NotificationId"] = "n1", ["Channel"] = "email", ["Target"] = "a@example.org", ["State"] = "Sent", ["ExternalId"] = "<m1@example.net>" },
            ]);
        }

        Migrator.Migrate(path, SchemaMigrations.All, Time);

        var indexes = Indexes(path, collection);
        Assert.Contains("ReportId", indexes);
        Assert.DoesNotContain("ExternalId", indexes);
        using var store = new LiteStore(path);
        Assert.Equal(
            [("n1:email:a@example.org", null), ("n1:sms:+15550100", "SM1"), ("n1:sms:+15550101", null)],
            store.Collection<StatusHub.Channels.Outbox.Delivery>().FindAll().OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => (d.Id, d.ReportId)));
        Assert.True(await new StatusHub.Channels.Outbox.DeliveryReceipts(store, Time).RecordAsync("sms", "SM1", delivered: true, error: null, TestContext.Current.CancellationToken));
        var outbox = new StatusHub.Channels.Outbox.OutboxStore(store, Time);
        Assert.Equal(["+15550101"], outbox.Claim("sms", 10, Time.GetUtcNow().UtcDateTime).Select(d => d.Target));
    }

    [Fact]
    public void AStoreFromBeforeVersionSeventeenFindsItsDraftsByFingerprintComponentAndIncidentThroughIndexes()
    {
        using var folder = new TempFolder();
        var path = folder.File("app.db");
        Migrator.Migrate(path, [.. SchemaMigrations.All.Where(m => m.Version <= 16)], Time);
        var now = Time.GetUtcNow().UtcDateTime;
        using (var before = new LiteStore(path))
        {
            before.Write(scope =>
            {
                scope.Insert(new IncidentSuggestion { Id = "queue", Source = "alertmanager", Title = "Queue stuck", FirstUpdate = "Looking.", Fingerprints = ["alertmanager:q1", "alertmanager:q2"], CreatedAt = now, UpdatedAt = now });
                scope.Insert(new IncidentSuggestion { Id = "disk", Source = "alertmanager", Title = "Disk full", FirstUpdate = "Looking.", Fingerprints = ["alertmanager:d1"], CreatedAt = now, UpdatedAt = now });
            });
        }

        Migrator.Migrate(path, SchemaMigrations.All, Time);

        using var store = new LiteStore(path);
        var fingerprints = store.Collection<DraftFingerprint>();
        var plan = fingerprints.Query().Where(f => f.Fingerprint == "alertmanager:q2").GetPlan();
        Assert.Equal(nameof(DraftFingerprint.Fingerprint), plan["index"]["name"].AsString);
        Assert.Equal(["queue"], fingerprints.Find(f => f.Fingerprint == "alertmanager:q2").Select(f => f.SuggestionId));
        Assert.Equal(3, fingerprints.Count());
        var drafts = store.Collection<IncidentSuggestion>();
        Assert.Equal(nameof(IncidentSuggestion.ComponentIds), drafts.Query().Where(Query.Any().EQ(nameof(IncidentSuggestion.ComponentIds), "mail")).GetPlan()["index"]["name"].AsString);
        Assert.Equal(nameof(IncidentSuggestion.IncidentId), drafts.Query().Where(s => s.IncidentId == "incident").GetPlan()["index"]["name"].AsString);
    }

    private static List<string> Indexes(string path, string collection)
    {
        using var db = new LiteDatabase($"Filename={path};Connection=direct");
        return db.GetCollection("$indexes").Find(Query.EQ("collection", collection)).Select(i => i["name"].AsString).ToList();
    }

    [Fact]
    public void AppliesPendingMigrationsAfterATimestampedBackup()
    {
        using var folder = new TempFolder();
        var path = folder.File("app.db");
        Migrator.Migrate(path, [Step(1)], Time);
        Seed(path);

        var backup = Migrator.Migrate(path, [Step(1), Step(2, db => db.GetCollection("things").Insert(new BsonDocument { ["name"] = "added by 2" }))], Time);

        Assert.NotNull(backup);
        Assert.Equal(path + ".v1.20261123T103000Z.bak", backup);
        Assert.Equal(1, UserVersion(backup));
        Assert.Equal(2, UserVersion(path));
        Assert.Equal(2, Count(path));
    }

    [Fact]
    public void AFailingMigrationLeavesTheOriginalUntouchedAndNamesTheBackup()
    {
        using var folder = new TempFolder();
        var path = folder.File("app.db");
        Migrator.Migrate(path, [Step(1)], Time);
        Seed(path);
        var before = File.ReadAllBytes(path);

        var failure = Assert.Throws<MigrationFailedException>(() => Migrator.Migrate(path,
            [Step(1), Step(2, db =>
            {
                db.GetCollection("things").DeleteAll();
                throw new InvalidOperationException("disk on fire");
            })], Time));

        Assert.Contains("disk on fire", failure.Message);
        Assert.Contains(path + ".v1.20261123T103000Z.bak", failure.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(1, UserVersion(path));
        Assert.Equal(1, Count(path));
    }

    [Fact]
    public void RefusesADatabaseNewerThanThisBuild()
    {
        using var folder = new TempFolder();
        var path = folder.File("app.db");
        Migrator.Migrate(path, [Step(1), Step(2)], Time);

        var error = Assert.Throws<InvalidOperationException>(() => Migrator.Migrate(path, [Step(1)], Time));

        Assert.Contains("newer than this build", error.Message);
    }

    private static Migration Step(int version, Action<LiteDatabase>? apply = null) => new(version, $"step {version}", apply ?? (_ => { }));

    private static void Seed(string path)
    {
        using var db = new LiteDatabase(path);
        db.GetCollection("things").Insert(new BsonDocument { ["name"] = "seed" });
    }

    private static int UserVersion(string path)
    {
        using var db = new LiteDatabase(path);
        return db.UserVersion;
    }

    private static int Count(string path)
    {
        using var db = new LiteDatabase(path);
        return db.GetCollection("things").Count();
    }
}
