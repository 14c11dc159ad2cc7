using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Subscribers.Staff;

namespace StatusHub.Tests.Subscribers.Staff;

public class SubscriberImportJobsTests
{
    [Fact]
    public async Task RunsTheImportInTheBackgroundAndRefusesASecondOneMeanwhile()
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));
        var jobs = Jobs(store, service);
        var csv = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"customer{i}@example.com\n"));

        var job = jobs.Start("customers.csv", csv, "editor@example.com");
        var second = Assert.Throws<ValidationException>(() => jobs.Start("more.csv", "ann@example.com", "admin@example.com"));
        await WaitAsync(job);

        Assert.StartsWith("editor@example.com is importing customers.csv", second.Message);
        Assert.Same(job, jobs.Current);
        Assert.Equal((20_000, 20_000, 20_000), (job.Progress.Done, job.Progress.Total, job.Progress.Added));
        Assert.Equal(20_000, job.Report!.Added);
        Assert.Null(service.Find("email:ann@example.com"));
        var next = await WaitAsync(jobs.Start("more.csv", "ann@example.com", "admin@example.com"));
        Assert.Equal(1, next.Report!.Added);
    }

    [Fact]
    public void AnImportThatStopsHalfwayKeepsTheBatchesAlreadyWritten()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));
        var csv = "email,components\n" + string.Concat(Enumerable.Range(0, SubscriberImport.BatchRows + 10).Select(i => $"customer{i}@example.com,{api.Id}\n"));

        var stopped = Assert.Throws<ValidationException>(() =>
            new SubscriberImport(service, store.Components).Import(new StringReader(csv), "editor@example.com", new DeleteAfterFirstBatch(store, api.Id)));

        Assert.Equal($"There is no component with id '{api.Id}'.", stopped.Message);
        Assert.Equal(SubscriberImport.BatchRows, store.Store.Collection<Subscriber>().Count());
    }

    private static SubscriberImportJobs Jobs(TestStore store, SubscriberService service) =>
        new(new SubscriberImport(service, store.Components), new Lifetime(), store.Time, NullLogger<SubscriberImportJobs>.Instance);

    private static async Task<ImportJob> WaitAsync(ImportJob job)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (job.Running && clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.False(job.Running, "the import did not finish within a minute");
        return job;
    }

    /// <summary>Deletes a component once the first batch is written, as a staff member might while a long import runs.</summary>
    private sealed class DeleteAfterFirstBatch(TestStore store, string componentId) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (value.Done > 0 && store.Components.All().Any(c => c.Id == componentId))
            {
                store.Components.Delete(componentId, "admin@example.com");
            }
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
