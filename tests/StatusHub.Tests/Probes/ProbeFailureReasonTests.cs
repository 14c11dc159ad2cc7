using StatusHub.Probes;

namespace StatusHub.Tests.Probes;

/// <summary>The reason the Probes page shows for a failing probe is the latest one, not the one it tipped with.</summary>
public sealed class ProbeFailureReasonTests : IDisposable
{
    private readonly ProbeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public void AProbeThatKeepsFailingForAnotherReasonShowsTheLatestReason()
    {
        var probe = _app.Create(new Probe { Id = "", Name = "Mail", Kind = ProbeKind.Http, Http = new HttpProbeSettings { Url = "https://example.com/" } });
        var at = TestStore.Start.UtcDateTime;

        foreach (var (reason, i) in new[] { "Connection refused", "Connection refused", "Authentication failed.", "Authentication failed." }.Select((r, i) => (r, i)))
        {
            _app.Results.Record(probe, at.AddMinutes(i), ProbeCheckResult.Failed(TimeSpan.FromSeconds(1), reason));
        }

        var health = _app.Results.Health(probe.Id);
        Assert.True(health!.Failing);
        Assert.Equal("Authentication failed.", health.LastFailure);
    }
}
