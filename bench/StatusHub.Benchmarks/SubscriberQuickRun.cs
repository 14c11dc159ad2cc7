using System.Diagnostics;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Subscribers.Staff;

namespace StatusHub.Benchmarks;

/// <summary>
/// 100,000 active email subscribers, half following one component: how long the import takes, how long opening an
/// incident takes when it selects the recipients and writes their outbox rows in its transaction, and the staff page queries.
/// Nothing is delivered (no dispatcher runs), so what is measured is LiteDB and the recipient selection.
/// </summary>
public static class SubscriberQuickRun
{
    public static async Task RunAsync(int subscribers)
    {
        // The email channel on (its relay is never reached: nothing is delivered), so subscribers are its recipients.
        await using var app = new BenchApp(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = "9",
            ["Email:Smtp:Security"] = "None",
            ["Email:From"] = "Acme Status <status@example.net>",
        });
        var store = app.Get<LiteStore>();
        var components = app.Get<ComponentService>();
        var followed = components.Create(new ComponentDraft("Checkout", null, null), "bench");
        var other = components.Create(new ComponentDraft("Docs", null, null), "bench");
        var service = app.Get<SubscriberService>();
        var incidents = app.Get<IncidentService>();

        Console.WriteLine("| step | rows | seconds |");
        Console.WriteLine("|---|---:|---:|");
        var csv = new System.Text.StringBuilder("email,components\n");
        for (var i = 0; i < subscribers; i++)
        {
            csv.Append(FormattableString.Invariant($"customer{i:D6}@example.com,{(i % 2 == 0 ? "" : followed.Id)}\n"));
        }

        // The staff page's path: parse the file, then batches of 5,000 rows, each its own transaction. Halfway
        // through, an incident is published on another thread: how long it waits is what an import costs others.
        var import = app.Get<SubscriberImport>();
        var halfway = new ManualResetEventSlim();
        var importClock = Stopwatch.StartNew();
        var importing = Task.Run(() => import.Import(new StringReader(csv.ToString()), "bench", new Halfway(halfway)));
        halfway.Wait();
        var during = Stopwatch.StartNew();
        var duringImport = incidents.Open(new NewIncident("Published during the import", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Checking."), [other.Id]), "bench");
        Report("incident published halfway through the import (its own wait)", 1, during.Elapsed);
        var imported = importing.GetAwaiter().GetResult();
        Report("import of the CSV (SubscriberImport, batches of 5,000)", imported.Added, importClock.Elapsed);
        Expect(imported.Added == subscribers, $"the import added {imported.Added} of {subscribers} subscribers");

        var outbox = app.Get<OutboxReadModel>();
        var engine = app.Get<OutboxStore>();
        // Chunks are written out oldest first: the first expansion below also writes the mid-import incident's.
        var unwrittenBefore = Unwritten(outbox.Progress(duringImport.Updates[0].NotificationId!).Sum(p => p.Total));
        var followedNotice = new NotificationContent(NotificationEvent.IncidentCreated, "t", null, null, [followed.Id], new Dictionary<string, object?>(), []);
        Time("recipient selection alone", subscribers, () => new SubscriberRecipients().Targets(ChannelNames.Email, followedNotice, store).Count());
        // Even rows follow everything, odd rows the followed component.
        foreach (var (name, component, recipients) in new[] { ("incident on the followed component", followed, subscribers), ("incident on another component", other, (subscribers + 1) / 2) })
        {
            var clock = Stopwatch.StartNew();
            var incident = incidents.Open(new NewIncident("Checkout is down", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "Payments fail."), [component.Id]), "bench");
            var queued = outbox.Progress(incident.Updates[0].NotificationId!).Sum(p => p.Total);
            Report(name + ": recipients + outbox (publish commit)", queued, clock.Elapsed);
            clock.Restart();
            var expanded = 0;
            for (var written = engine.ExpandNextChunk(); written > 0; written = engine.ExpandNextChunk())
            {
                expanded += written;
            }

            Report(name + ": chunks expanded to delivery rows (background)", expanded, clock.Elapsed);
            Expect(queued == recipients && expanded == Unwritten(recipients) + unwrittenBefore,
                $"{name}: {queued} queued and {expanded} written out later, for {recipients} recipients");
            unwrittenBefore = 0;
        }

        // The Channels page after months of use: every row sent, one refused. Its health line reads the outbox.
        store.Database.Execute("UPDATE delivery SET State = 'Sent', SentAt = NOW() WHERE State = 'Pending'");
        var health = app.Get<ChannelHealthService>();
        var rows = store.Collection<Delivery>().Count();
        Time("channels page: health, a store from before channel activity was kept (sorts the rows)", rows, () => health.All());
        store.Collection<ChannelActivity>().Upsert(new ChannelActivity { Id = ChannelNames.Email, LastSuccessAt = DateTime.UtcNow });
        Time("channels page: health", rows, () => health.All());
        var subject = outbox.RecentNotifications(25).Select(n => n.Subject).First(x => x is not null);
        Time("dispatcher: thread root of one Telegram chat in a 100,000-recipient incident", rows, () => engine.ThreadRoot(ChannelNames.Telegram, "@status", subject));
        var incidentNotices = outbox.RecentNotifications(25).Where(n => n.Subject == subject).Select(n => n.Id).ToList();
        Time("post-mortem impact: recipients reached by one incident's notices", rows, () => outbox.SentCountsFor(incidentNotices));
        var biggest = outbox.RecentNotifications(25);
        Time("notifications page: progress of the 25 latest notices, first look", rows, () => biggest.Sum(n => outbox.Progress(n.Id).Count));
        Time("notifications page: the same, next refresh (finished notices remembered)", rows, () => biggest.Sum(n => outbox.Progress(n.Id).Count));

        var directory = app.Get<SubscriberDirectory>();
        Time("staff page: first page, all", SubscriberDirectory.PageSize, () => directory.Find(new SubscriberFilter()));
        Time("staff page: page 1000, all", SubscriberDirectory.PageSize, () => directory.Find(new SubscriberFilter(Page: 1000)));
        Time("staff page: search 'customer0999'", SubscriberDirectory.PageSize, () => directory.Find(new SubscriberFilter(Search: "customer0999")));
        Time("staff page: email + active + search", SubscriberDirectory.PageSize, () => directory.Find(new SubscriberFilter(ChannelNames.Email, SubscriberListState.Active, "customer05")));
        Time("staff page: pending (none exist)", 0, () => directory.Find(new SubscriberFilter(State: SubscriberListState.Pending)));
        Time("staff page: counts", subscribers, () => service.Counts());
        Time("export: all batches", subscribers, () => directory.Batches().Sum(b => b.Count));
    }

    /// <summary>How many of a notice's targets a publish leaves in chunks, for the dispatcher to write out later.</summary>
    private static int Unwritten(int targets) => targets - Math.Min(targets, OutboxStore.DirectRows);

    private static void Expect(bool holds, string what)
    {
        if (!holds)
        {
            throw new InvalidOperationException($"Unexpected: {what}.");
        }
    }

    private static void Time(string step, int rows, Action work)
    {
        var clock = Stopwatch.StartNew();
        work();
        Report(step, rows, clock.Elapsed);
    }

    private static void Report(string step, int rows, TimeSpan elapsed) =>
        Console.WriteLine(FormattableString.Invariant($"| {step} | {rows} | {elapsed.TotalSeconds:0.000} |"));

    private sealed class Halfway(ManualResetEventSlim reached) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (value.Done >= value.Total / 2 && value.Total > 0)
            {
                reached.Set();
            }
        }
    }
}
