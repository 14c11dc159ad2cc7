using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Subscribers;
using StatusHub.Subscribers.Staff;

namespace StatusHub.Tests.Subscribers.Staff;

public class SubscriberImportTests
{
    [Fact]
    public void ImportsTenThousandRowsInBatchesReportingProgressAndAuditsOnce()
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));
        var import = new SubscriberImport(service, store.Components);
        var csv = "email\n" + string.Concat(Enumerable.Range(0, 10_000).Select(i => $"customer{i}@example.com\n"));

        var progress = new List<ImportProgress>();
        var report = import.Import(new StringReader(csv), "editor@example.com", new Recorder(progress));

        Assert.Equal(10_000, report.Added);
        Assert.Equal([0, 5_000, 10_000], progress.Select(p => p.Done));
        Assert.All(progress, p => Assert.Equal(10_000, p.Total));
        Assert.Empty(report.Rejects);
        Assert.Equal(10_000, store.Store.Collection<Subscriber>().Count(s => s.State == SubscriberState.Active && s.AllComponents));
        Assert.Equal("10000 added, 0 not imported", Assert.Single(store.Store.Collection<StatusHub.Audit.AuditEntry>().Find(a => a.Action == "subscriber.imported")).Details);
    }

    [Fact]
    public void ReportsEachRejectedRowWithItsReason()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));
        service.AddConfirmed(ChannelNames.Email, "old@example.com", true, null, "tests");
        var csv = $"email,components\nann@example.com,{api.Id}\nnot-an-address,\nbob@example.com,nope\nANN@example.com,\nold@example.com,\n\"carol@example.com\",\"{api.Id};\"\n";

        var report = new SubscriberImport(service, store.Components).Import(new StringReader(csv), "tests");

        Assert.Equal(2, report.Added);
        Assert.Equal(
            [(3, "not an email address"), (4, "unknown component 'nope'"), (5, "duplicate of row 2"), (6, "already subscribed")],
            report.Rejects.Select(r => (r.Row, r.Reason)));
        var ann = service.Find(ChannelNames.Email, "ann@example.com")!;
        Assert.False(ann.AllComponents);
        Assert.Equal([api.Id], ann.ComponentIds);
        Assert.Equal(SubscriberState.Active, service.Find(ChannelNames.Email, "carol@example.com")!.State);
    }

    [Fact]
    public void KeepsEachRowsLanguageAndRejectsOneItDoesNotKnow()
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));
        var csv = "email,language\nann@example.com,de\nbob@example.com,\ncy@example.com,tlh\ndee@example.com,FR-ca\n";

        var report = new SubscriberImport(service, store.Components).Import(new StringReader(csv), "tests");

        Assert.Equal(3, report.Added);
        var reject = Assert.Single(report.Rejects);
        Assert.Equal((4, "cy@example.com", "unknown language 'tlh' (one of en, de, fr, es, or empty for the page's)"), (reject.Row, reject.Value, reject.Reason));
        Assert.Equal(("de", null, "fr"), (service.Find(ChannelNames.Email, "ann@example.com")!.Language, service.Find(ChannelNames.Email, "bob@example.com")!.Language, service.Find(ChannelNames.Email, "dee@example.com")!.Language));
        Assert.Null(service.Find(ChannelNames.Email, "cy@example.com"));
    }

    [Fact]
    public void ReadsAHeaderlessColumnOfAddresses()
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));

        var report = new SubscriberImport(service, store.Components).Import(new StringReader("a@example.com\r\nb@example.com"), "tests");

        Assert.Equal(2, report.Added);
        Assert.True(service.Find(ChannelNames.Email, "a@example.com")!.AllComponents);
    }

    [Fact]
    public void AnImportedAddressThatWasPendingBecomesActive()
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));
        var pending = service.StartSignUp(ChannelNames.Email, "ann@example.com", true, null, "secret", TimeSpan.FromDays(1));
        store.Time.Advance(TimeSpan.FromHours(1));

        var report = new SubscriberImport(service, store.Components).Import(new StringReader("ann@example.com"), "tests");

        Assert.Equal(1, report.Added);
        var ann = service.Find(pending.Id)!;
        Assert.Equal((SubscriberState.Active, pending.CreatedAt, store.Now), (ann.State, ann.CreatedAt, ann.ConfirmedAt));
        Assert.Null(ann.ConfirmationHash);
    }

    /// <summary>Records progress as it is reported (<see cref="Progress{T}"/> would post it to the thread pool, out of order).</summary>
    private sealed class Recorder(List<ImportProgress> into) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => into.Add(value);
    }
}
