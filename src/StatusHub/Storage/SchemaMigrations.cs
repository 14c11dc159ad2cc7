using LiteDB;
using StatusHub.Audit;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.Postmortems;
using StatusHub.Staff;
using StatusHub.StatusComponents;
using StatusHub.Subscribers;

namespace StatusHub.Storage;

/// <summary>The schema's history. Append a step; never edit one that has shipped.</summary>
public static class SchemaMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "Indexes for the status page, history and audit log", db =>
        {
            var components = db.GetCollection(CollectionNames.For<ComponentStatusChange>());
            components.EnsureIndex(nameof(ComponentStatusChange.ComponentId));
            components.EnsureIndex(nameof(ComponentStatusChange.At));
            db.GetCollection(CollectionNames.For<Incident>()).EnsureIndex(nameof(Incident.Status));
            db.GetCollection(CollectionNames.For<Incident>()).EnsureIndex(nameof(Incident.CreatedAt));
            db.GetCollection(CollectionNames.For<ScheduledMaintenance>()).EnsureIndex(nameof(ScheduledMaintenance.Status));
            db.GetCollection(CollectionNames.For<AuditEntry>()).EnsureIndex(nameof(AuditEntry.At));
            db.GetCollection(CollectionNames.For<AuditEntry>()).EnsureIndex(nameof(AuditEntry.Subject));
        }),
        new(2, "Staff accounts: one per email", db =>
            db.GetCollection(CollectionNames.For<StaffAccount>()).EnsureIndex(nameof(StaffAccount.Email), unique: true)),
        new(3, "Indexes for the notification outbox", db =>
        {
            var deliveries = db.GetCollection(CollectionNames.For<Delivery>());
            deliveries.EnsureIndex(nameof(Delivery.Channel));
            deliveries.EnsureIndex(nameof(Delivery.State));
            deliveries.EnsureIndex(nameof(Delivery.NotificationId));
            deliveries.EnsureIndex(nameof(Delivery.Subject));
            deliveries.EnsureIndex(nameof(Delivery.CreatedAt));
            db.GetCollection(CollectionNames.For<Notification>()).EnsureIndex(nameof(Notification.CreatedAt));
        }),
        new(4, "Indexes for subscribers", db =>
        {
            var subscribers = db.GetCollection(CollectionNames.For<Subscriber>());
            subscribers.EnsureIndex(nameof(Subscriber.Channel));
            subscribers.EnsureIndex(nameof(Subscriber.State));
        }),
        new(5, "Deliveries keep a queue sequence", db =>
        {
            // Rows queued before this version get their order from when they were queued.
            var deliveries = db.GetCollection(CollectionNames.For<Delivery>());
            long next = 0;
            foreach (var row in deliveries.FindAll().OrderBy(d => d["CreatedAt"].AsDateTime).ThenBy(d => d["_id"].AsString).ToList())
            {
                row["Sequence"] = ++next;
                deliveries.Update(row);
            }

            db.GetCollection("sequence").Upsert(new BsonDocument { ["_id"] = "delivery", ["Value"] = next });
        }),
        new(6, "Subscribers found by address across channels (staff search)", db =>
            db.GetCollection(CollectionNames.For<Subscriber>()).EnsureIndex(nameof(Subscriber.Address))),
        new(7, "Large fan-outs queue compact chunks, expanded in queue order", db =>
        {
            var chunks = db.GetCollection(CollectionNames.For<FanOutChunk>());
            chunks.EnsureIndex(nameof(FanOutChunk.FirstSequence));
            chunks.EnsureIndex(nameof(FanOutChunk.NotificationId));
        }),
        new(8, "Management API keys found by their hash", db =>
            db.GetCollection(CollectionNames.For<ManageApi.ApiKey>()).EnsureIndex(nameof(ManageApi.ApiKey.Hash), unique: true)),
        new(9, "Deliveries found by target (a subscriber who leaves is forgotten); the unused CreatedAt index goes", db =>
        {
            var deliveries = db.GetCollection(CollectionNames.For<Delivery>());
            deliveries.DropIndex(nameof(Delivery.CreatedAt));
            deliveries.EnsureIndex(nameof(Delivery.Target));
        }),
        new(10, "Names, titles and texts hold only characters every page, feed, badge and the static export can carry", db =>
            StoredTextCleanup.Apply(db,
            [
                CollectionNames.For<StatusComponent>(),
                CollectionNames.For<ComponentGroup>(),
                CollectionNames.For<Incident>(),
                CollectionNames.For<ScheduledMaintenance>(),
                CollectionNames.For<Postmortem>(),
                CollectionNames.For<PublishedPostmortem>(),
                CollectionNames.For<PostmortemRevision>(),
            ])),
        new(11, "Staff webhooks found by URL (each webhook delivery asks whether staff registered its target)", db =>
            db.GetCollection(CollectionNames.For<Channels.Webhooks.WebhookEndpoint>()).EnsureIndex(nameof(Channels.Webhooks.WebhookEndpoint.Url))),
        new(12, "Probe results found by probe (each run reads its probe's latest results and trims its oldest; without it, every row of every probe)", db =>
            db.GetCollection(CollectionNames.For<Probes.ProbeResult>()).EnsureIndex(nameof(Probes.ProbeResult.ProbeId))),
        new(13, "Probe runs summed per probe and UTC day for the measured 90-day bars, from the runs kept so far (K of M at its default, 2 of 3)", db =>
        {
            var days = db.GetCollection<Probes.ProbeDay>(CollectionNames.For<Probes.ProbeDay>());
            days.EnsureIndex(d => d.ProbeId);
            days.EnsureIndex(d => d.Day);
            var results = db.GetCollection<Probes.ProbeResult>(CollectionNames.For<Probes.ProbeResult>());
            results.EnsureIndex(r => r.ProbeId);
            Probes.ProbeDays.Backfill(db.GetCollection<Probes.Probe>(CollectionNames.For<Probes.Probe>()), results, days, new Probes.ProbesOptions());
        }),
        new(14, "Old delivery rows give way to per-notice, per-channel totals: notices found by subject and by whether their rows were retired", db =>
        {
            var notifications = db.GetCollection(CollectionNames.For<Notification>());
            notifications.EnsureIndex(nameof(Notification.Subject));
            notifications.EnsureIndex(nameof(Notification.DeliveriesRetiredAt));
            var totals = db.GetCollection(CollectionNames.For<DeliveryTotals>());
            totals.EnsureIndex(nameof(DeliveryTotals.NotificationId));
            totals.EnsureIndex(nameof(DeliveryTotals.RowsLeft));
        }),
        new(15, "SMS delivery reports find their row by the provider's message id", db =>
            db.GetCollection(CollectionNames.For<Delivery>()).EnsureIndex(nameof(Delivery.ExternalId))),
        new(16, "Fewer index writes per delivery: reports find their row by ReportId, set only where the provider reports (not every sent row's ExternalId), and rows due when queued stay out of the waiting index", db =>
        {
            var deliveries = db.GetCollection(CollectionNames.For<Delivery>());
            deliveries.DropIndex(nameof(Delivery.ExternalId));
            // Only SMS providers report deliveries; their sent rows keep answering reports.
            foreach (var row in deliveries.Find(Query.EQ(nameof(Delivery.Channel), Channels.ChannelNames.Sms)).ToList())
            {
                if (row[nameof(Delivery.ExternalId)] is { IsString: true } externalId)
                {
                    row[nameof(Delivery.ReportId)] = externalId;
                    deliveries.Update(row);
                }
            }

            deliveries.EnsureIndex(nameof(Delivery.ReportId));
            // The outbox recreates it at start without the rows due when queued (see OutboxStore.Waiting).
            deliveries.DropIndex("waiting");
        }),
        new(17, "Draft incidents found by fingerprint (from the drafts kept so far), by component and by incident: each alert of a group looks up its own few, not every draft", db =>
        {
            var suggestions = db.GetCollection<Incidents.Suggestions.IncidentSuggestion>(CollectionNames.For<Incidents.Suggestions.IncidentSuggestion>());
            // Multikey: a suggestion has a few components; its fingerprints, which may be thousands, are rows of their own (DraftFingerprint).
            suggestions.EnsureIndex(nameof(Incidents.Suggestions.IncidentSuggestion.ComponentIds), $"$.{nameof(Incidents.Suggestions.IncidentSuggestion.ComponentIds)}[*]");
            suggestions.EnsureIndex(s => s.IncidentId);
            var fingerprints = db.GetCollection<Incidents.Suggestions.DraftFingerprint>(CollectionNames.For<Incidents.Suggestions.DraftFingerprint>());
            fingerprints.EnsureIndex(f => f.Fingerprint);
            fingerprints.Upsert(suggestions.FindAll().SelectMany(s => s.Fingerprints.Select(f => Incidents.Suggestions.DraftFingerprint.Of(s.Id, f))));
        }),
    ];
}
