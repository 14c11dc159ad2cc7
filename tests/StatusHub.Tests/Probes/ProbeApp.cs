using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatusHub.Probes;

namespace StatusHub.Tests.Probes;

/// <summary>
/// The app's probe services (through <see cref="DependencyInjection.AddStatusHub"/>) over a temp LiteDB, on a fake clock
/// that only moves when a run is idle waiting on it, with every counted state change recorded.
/// </summary>
public sealed class ProbeApp : IDisposable
{
    public const string Admin = "admin@example.com";
    private readonly TempFolder _folder = new();
    private readonly WebApplication _app;

    public ProbeApp(IReadOnlyDictionary<string, string?>? settings = null)
    {
        Clock = new WatchedClock(Time);
        var all = new Dictionary<string, string?> { ["Storage:DataDirectory"] = _folder.Path, ["Probes:MailPoll"] = "00:00:30" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        _app = AppServices.Build(all, Clock, services => services.AddSingleton<IProbeStateListener>(Changes));
    }

    public FakeTimeProvider Time { get; } = new(TestStore.Start);

    public WatchedClock Clock { get; }

    public StateChanges Changes { get; } = new();

    public ProbeService Probes => Get<ProbeService>();

    public ProbeResults Results => Get<ProbeResults>();

    public ProbeLoop Loop => Get<ProbeLoop>();

    public DateTime Now => Time.GetUtcNow().UtcDateTime;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public Probe Create(Probe draft) => Probes.Create(draft, Admin);

    /// <summary>
    /// Runs the probe once, now. Whenever the run waits on the clock (its own timeout's timer and one more are armed),
    /// <paramref name="onStep"/> is told how many steps the clock has moved so far, then the clock moves by
    /// <paramref name="step"/>; real time never decides anything.
    /// </summary>
    public Task<ProbeCheckResult> RunAsync(Probe probe, TimeSpan? step = null, Action<int>? onStep = null) =>
        Clock.DriveAsync(Time, () => Loop.RunAsync(probe, Now, TestContext.Current.CancellationToken), step ?? TimeSpan.FromSeconds(30), onStep);

    public void Dispose()
    {
        ((IDisposable)_app).Dispose();
        _folder.Dispose();
    }

    /// <summary>Every change of counted state the loop announced, in order.</summary>
    public sealed class StateChanges : IProbeStateListener
    {
        private readonly ConcurrentQueue<ProbeStateChange> _seen = new();

        public IReadOnlyList<ProbeStateChange> Seen => [.. _seen];

        public Task OnChangedAsync(ProbeStateChange change, CancellationToken cancellationToken)
        {
            _seen.Enqueue(change);
            return Task.CompletedTask;
        }
    }
}
