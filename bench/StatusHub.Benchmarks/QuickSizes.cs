using StatusHub.Channels.Outbox;

namespace StatusHub.Benchmarks;

/// <summary>How big each <c>--quick</c> benchmark runs.</summary>
/// <param name="Sms">SMS recipients, one fan-out per size (<c>http</c>).</param>
/// <param name="Webhooks">Webhook URLs, one fan-out per size (<c>http</c>); each is registered through the staff path, one write apiece.</param>
/// <param name="Email">Email recipients (<c>email</c>).</param>
/// <param name="LatencyRuns">Publishes timed per dispatcher variant (<c>telegram</c>).</param>
/// <param name="RateNotices">Notices, each into a channel and a group (<c>rate</c>); past its per-chat minute limit of 100 the run takes minutes.</param>
/// <param name="Subscribers">Active email subscribers (<c>subscribers</c>).</param>
/// <param name="Incidents">Incidents on the exported page (<c>export</c>).</param>
/// <param name="Probes">Probes on the running probe loop, one run per load (<c>probes</c>).</param>
public sealed record QuickSizes(IReadOnlyList<int> Sms, IReadOnlyList<int> Webhooks, int Email, int LatencyRuns, int RateNotices, int Subscribers, int Incidents, IReadOnlyList<ProbeLoad> Probes)
{
    /// <summary>The sizes docs/benchmarks.md reports.</summary>
    public static readonly QuickSizes Documented = new([100, 1_000, 5_000], [100, 1_000, 5_000], EmailBenchmarks.Recipients, 50, 200, 100_000, 1_000,
        [ProbeLoad.Documented(history: 0), ProbeLoad.Documented(history: 24 * 60)]);

    /// <summary>
    /// Every benchmark and its checks in seconds, for <c>.ci/run</c>: the SMS and email fan-outs go just past the rows a
    /// publish writes itself, so the fan-out chunks the dispatcher writes out later are exercised too (what the email and
    /// http runs once missed). Webhooks share that outbox path and stay small: registering 1,200 URLs alone takes half a minute.
    /// The probes run every 2 s, under the 10 s admins may set, so three rounds take seconds; a little history makes the seeding run too.
    /// </summary>
    public static readonly QuickSizes Tiny = new([OutboxStore.DirectRows + 200], [200], OutboxStore.DirectRows + 200, 3, 40, OutboxStore.DirectRows + 200, 20,
        [new ProbeLoad(20, IntervalSeconds: 2, Rounds: 3, Baseline: TimeSpan.FromSeconds(2), History: 20)]);

    public static QuickSizes Named(string name) => name switch
    {
        "documented" => Documented,
        "tiny" => Tiny,
        _ => throw new ArgumentException($"--size is 'documented' (the default) or 'tiny', not '{name}'."),
    };
}
