using System.Diagnostics.Metrics;
using System.Net;
using StatusHub.Probes;

namespace StatusHub.Tests.Probes;

/// <summary>Every probe run is counted on the <c>StatusHub.Probes</c> meter by kind and outcome, as /metrics exports it.</summary>
public sealed class ProbeMetricsTests : IAsyncLifetime
{
    private readonly ProbeApp _app = new();
    private HttpTarget _web = null!;

    public async ValueTask InitializeAsync() => _web = await HttpTarget.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _web.DisposeAsync();
        _app.Dispose();
    }

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
