using System.Diagnostics.Metrics;
using System.Net;
using StatusHub.Probes;

namespace StatusHub.Tests.Probes;

public sealed class ProbeLoopTests : IAsyncLifetime
{
    private readonly ProbeApp _app = new(new Dictionary<string, string?> { ["Probes:MaxResultsPerProbe"] = "10", ["Probes:RetentionDays"] = "2" });
    private HttpTarget _web = null!;

    public async ValueTask InitializeAsync() => _web = await HttpTarget.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _web.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task AProbeStillRunningIsNotStartedAgainWhenItFallsDueAndRunsAgainOnceDone()
    {
        var held = new TaskCompletionSource();
        _web.BeforeAnswer = () => held.Task;
        var probe = _app.Create(new Probe { Id = "", Name = "Web", Kind = ProbeKind.Http, IntervalSeconds = 60, TimeoutSeconds = 600, Http = new HttpProbeSettings { Url = _web.Url.AbsoluteUri } });
        var interval = TimeSpan.FromSeconds(60 * 1.1 + 1);

        Assert.Empty(_app.Loop.StartDue(TestContext.Current.CancellationToken)); // first sight: due within the jitter
        _app.Time.Advance(interval);
        var first = Assert.Single(_app.Loop.StartDue(TestContext.Current.CancellationToken));
        await WaitUntilAsync(() => _web.Requests == 1);
        _app.Time.Advance(interval);
        Assert.Empty(_app.Loop.StartDue(TestContext.Current.CancellationToken));
        _app.Time.Advance(interval);
        Assert.Empty(_app.Loop.StartDue(TestContext.Current.CancellationToken));

        held.SetResult();
        await first;
        IReadOnlyList<Task> again = [];
        await WaitUntilAsync(() => (again = _app.Loop.StartDue(TestContext.Current.CancellationToken)).Count == 1);
        await again[0];

        Assert.Equal(2, _web.Requests);
        Assert.Equal(2, _app.Results.Recent(probe.Id, 10).Count);
    }

    [Fact]
    public void AProbeKeepsAtMostItsCountOfResultsAndNoneOlderThanTheRetention()
    {
        var probe = _app.Create(new Probe { Id = "", Name = "Web", Kind = ProbeKind.Http, Http = new HttpProbeSettings { Url = _web.Url.AbsoluteUri } });
        var other = _app.Create(new Probe { Id = "", Name = "Other", Kind = ProbeKind.Http, Http = new HttpProbeSettings { Url = _web.Url.AbsoluteUri } });
        _app.Results.Record(other, _app.Now, ProbeCheckResult.Ok(TimeSpan.Zero));
        for (var i = 0; i < 12; i++)
        {
            _app.Results.Record(probe, _app.Now.AddMinutes(i), ProbeCheckResult.Ok(TimeSpan.FromMilliseconds(i)));
        }

        Assert.Equal(Enumerable.Range(2, 10).Select(i => (long)i), _app.Results.Recent(probe.Id, 100).Select(r => r.LatencyMilliseconds));

        _app.Results.Record(probe, _app.Now.AddDays(2).AddMinutes(12), ProbeCheckResult.Failed(TimeSpan.Zero, "down"));

        Assert.Equal(["down"], _app.Results.Recent(probe.Id, 100).Select(r => r.Message));
        Assert.Single(_app.Results.Recent(other.Id, 100));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Gave up waiting.");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Every run is counted on the <c>StatusHub.Probes</c> meter by kind and outcome, as /metrics exports it.</summary>
    [Fact]
    public async Task CountsEachRunByKindAndOutcome()
    {
        var counted = new List<(long Value, string Kind, string Outcome)>();
        using var listener = new MeterListener();
        // Only this app's meter: other tests' apps count on meters of the same name at the same time.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ProbeMetrics.MeterName && instrument.Meter.Scope == _app.Get<IMeterFactory>())
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var labels = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            lock (counted)
            {
                counted.Add((value, labels["kind"]!, labels["outcome"]!));
            }
        });
        listener.Start();
        var probe = _app.Create(new Probe { Id = "", Name = "Web app", Kind = ProbeKind.Http, Http = new HttpProbeSettings { Url = new Uri(_web.Url, "health").AbsoluteUri } });

        await _app.RunAsync(probe);
        _web.Status = HttpStatusCode.ServiceUnavailable;
        await _app.RunAsync(probe);

        Assert.Equal([(1L, "http", "ok"), (1L, "http", "failed")], counted);
    }
}
