using System.Globalization;
using StatusHub.Incidents.Suggestions;
using StatusHub.Probes;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Tests.Support;

namespace StatusHub.Benchmarks;

/// <summary>
/// How many probes run, how often, for how many rounds, how long the idle baseline before them lasts, and how many
/// earlier results each probe already has stored (as after that many rounds: the store a loop that has run a while sees).
/// </summary>
public sealed record ProbeLoad(int Probes, int IntervalSeconds, int Rounds, TimeSpan Baseline, int History = 0)
{
    /// <summary>Issue 14's benchmark: 200 probes every minute, five rounds after a two-minute idle baseline, on a fresh store or with <paramref name="history"/> earlier results per probe.</summary>
    public static ProbeLoad Documented(int history) => new(200, IntervalSeconds: 60, Rounds: 5, Baseline: TimeSpan.FromMinutes(2), history);

    /// <summary>The slow target's answer: a twenty-fourth of the interval (2.5 s at one minute), above those probes' latency warning.</summary>
    public TimeSpan Slow => TimeSpan.FromSeconds(IntervalSeconds / 24.0);
}

/// <summary>
/// N probes on the app's real <see cref="ProbeLoop"/>, on the system clock, built through <c>AddStatusHub</c>: most of
/// them HTTP against loopback Kestrel targets (one answering at once, one slowly, one with 500s, so warnings and the
/// failure path up to a draft incident run), a fifth banner probes against a local greeting server, and a few mail
/// round trips through the SMTP sink into a real dovecot when it is installed. First an idle baseline in the same
/// process (probes configured, loop not started), then the loop until every probe has run the given rounds: CPU share,
/// memory, data folder growth, and how late each run started against the loop's own schedule. Fails when a probe
/// missed a round, two runs of one probe overlapped, a result was not stored or a failing target did not count as
/// failing; never on speed.
/// </summary>
public static class ProbeQuickRun
{
    private const string Actor = "bench";
    private const string Dovecot = "/usr/sbin/dovecot";

    public static async Task RunAsync(ProbeLoad load)
    {
        var log = new ProbeRunLog();
        await using var fast = await HttpTarget.StartAsync();
        await using var slow = await HttpTarget.StartAsync();
        slow.BeforeAnswer = () => Task.Delay(load.Slow);
        await using var failing = await HttpTarget.StartAsync();
        failing.Status = System.Net.HttpStatusCode.InternalServerError;
        using var banner = new BannerServer();
        await using var mail = MailPeers.Start();
        await using var app = new BenchApp(new Dictionary<string, string?>(), services => ProbeRunLog.WrapChecks(services, log));

        var mix = Mix(load, fast.Url, slow.Url, failing.Url, banner.Port, mail);
        Console.WriteLine($"{load.Probes} probes every {load.IntervalSeconds} s, {load.Rounds} rounds, {load.History} earlier results each: " +
            string.Join(", ", mix.GroupBy(p => p.Role).Select(g => $"{g.Count()} {g.Key}")) +
            (mail is null ? $" ({Dovecot} is missing: no mail round-trip probes)" : ""));
        await WarmUpAsync(app, mix);
        var probes = Create(app, load, mix);
        SeedHistory(app, load, probes.Values);

        var database = app.Get<LiteStore>().DatabasePath;
        var baseline = ProcessWindow.Start(database);
        await Task.Delay(load.Baseline);
        var idle = await baseline.End();
        await baseline.DisposeAsync();

        var loop = app.Get<ProbeLoop>();
        var window = ProcessWindow.Start(database);
        await loop.StartAsync(CancellationToken.None);
        await log.WatchAsync(loop, probes.Count);
        var deadline = TimeSpan.FromSeconds(load.Rounds * load.IntervalSeconds * 3 + 60);
        var started = TimeProvider.System.GetTimestamp();
        while (!EveryProbeRan(log, probes, load.Rounds) && TimeProvider.System.GetElapsedTime(started) < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        var busy = await window.End();
        await window.DisposeAsync();
        await loop.StopAsync(CancellationToken.None);
        await DrainAsync(log);

        var runs = log.Runs.Where(r => probes.ContainsKey(r.ProbeId)).ToList();
        Report(load, probes, runs, idle, busy);
        Check(app, load, probes, runs, log.Overlaps, mix.Where(p => p.Role == Role.HttpFailing).Select(p => p.Probe.Name).ToHashSet());
    }

    private enum Role
    {
        HttpOk,
        HttpSlow,
        HttpFailing,
        Banner,
        Mail,
    }

    private sealed record Planned(Role Role, Probe Probe);

    /// <summary>A fortieth (at least two) mail round trips when dovecot is there, a fifth banner probes, the rest HTTP: a tenth of those slow, a tenth failing.</summary>
    private static List<Planned> Mix(ProbeLoad load, Uri fast, Uri slow, Uri failing, int bannerPort, MailPeers? mail)
    {
        var mails = mail is null ? 0 : Math.Max(2, load.Probes / 40);
        var banners = load.Probes / 5;
        var http = load.Probes - mails - banners;
        var slows = Math.Max(1, http / 10);
        var failings = Math.Max(1, http / 10);
        var slowAfter = (int)Math.Max(1, load.Slow.TotalMilliseconds / 2);
        var planned = new List<Planned>();
        for (var i = 0; i < load.Probes; i++)
        {
            var name = $"Probe {i + 1:000}";
            planned.Add(i switch
            {
                _ when i < slows => new(Role.HttpSlow, Http(name, slow, slowAfter)),
                _ when i < slows + failings => new(Role.HttpFailing, Http(name, failing)),
                _ when i < http => new(Role.HttpOk, Http(name, fast)),
                _ when i < http + banners => new(Role.Banner, new Probe { Id = "", Name = name, Kind = ProbeKind.Banner, Banner = new BannerProbeSettings { Host = "127.0.0.1", Port = bannerPort } }),
                _ => new(Role.Mail, mail!.Probe(name)),
            });
        }

        return planned;
    }

    private static Probe Http(string name, Uri url, int? warnAfterMilliseconds = null)
    {
        var http = new HttpProbeSettings { Url = url.AbsoluteUri, BodyContains = "ok" };
        return new Probe { Id = "", Name = name, Kind = ProbeKind.Http, Http = warnAfterMilliseconds is { } ms ? http with { LatencyWarningMilliseconds = ms } : http };
    }

    /// <summary>One check of each kind, untimed and unstored, so the window does not pay for the first JIT of HttpClient, sockets and MailKit.</summary>
    private static async Task WarmUpAsync(BenchApp app, List<Planned> mix)
    {
        var checks = app.Get<IEnumerable<IProbeCheck>>().ToList();
        foreach (var kind in mix.GroupBy(p => p.Probe.Kind))
        {
            await checks.First(c => c.Kind == kind.Key).CheckAsync(kind.First().Probe with { Id = "warm-up" }, CancellationToken.None);
        }
    }

    /// <summary>
    /// Creates each probe as an admin does (validated, audited), tied to one component. Admins cannot set an interval under
    /// 10 s; the tiny size's shorter one is written into the stored probes afterwards, which the loop takes as it is.
    /// </summary>
    private static Dictionary<string, Probe> Create(BenchApp app, ProbeLoad load, List<Planned> mix)
    {
        var component = app.Get<ComponentService>().Create(new ComponentDraft("Website", null, null), Actor);
        var service = app.Get<ProbeService>();
        var created = mix.Select(p => service.Create(p.Probe with { ComponentIds = [component.Id], IntervalSeconds = Math.Max(10, load.IntervalSeconds) }, Actor)).ToList();
        if (load.IntervalSeconds < 10)
        {
            app.Get<LiteStore>().Write(scope =>
            {
                foreach (var probe in created)
                {
                    scope.Collection<Probe>().Update(probe with { IntervalSeconds = load.IntervalSeconds });
                }
            }, affectsStatusPage: false);
        }

        return service.All().ToDictionary(p => p.Id);
    }

    /// <summary>Each probe's earlier results, ok and one interval apart up to now, written as the loop would have (untimed).</summary>
    private static void SeedHistory(BenchApp app, ProbeLoad load, IEnumerable<Probe> probes)
    {
        if (load.History == 0)
        {
            return;
        }

        var seeding = TimeProvider.System.GetTimestamp();
        var now = DateTime.UtcNow;
        var store = app.Get<LiteStore>();
        foreach (var probe in probes)
        {
            store.Write(scope => scope.Collection<ProbeResult>().InsertBulk(Enumerable.Range(1, load.History).Select(i => new ProbeResult
            {
                ProbeId = probe.Id,
                At = now.AddSeconds(-i * load.IntervalSeconds),
                Outcome = ProbeOutcome.Ok,
                LatencyMilliseconds = 5,
            })), affectsStatusPage: false);
        }

        Console.WriteLine(Invariant($"(seeded {load.History} earlier results per probe in {TimeProvider.System.GetElapsedTime(seeding).TotalSeconds:0.0} s)"));
    }

    private static bool EveryProbeRan(ProbeRunLog log, Dictionary<string, Probe> probes, int rounds)
    {
        var done = log.Runs.GroupBy(r => r.ProbeId).ToDictionary(g => g.Key, g => g.Count());
        return probes.Keys.All(id => done.GetValueOrDefault(id) >= rounds);
    }

    /// <summary>Runs the loop started before it stopped finish (or are cancelled) on their own; waits for them.</summary>
    private static async Task DrainAsync(ProbeRunLog log)
    {
        var waited = TimeProvider.System.GetTimestamp();
        while (log.InFlight > 0 && TimeProvider.System.GetElapsedTime(waited) < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
        }
    }

    private static void Report(ProbeLoad load, Dictionary<string, Probe> probes, List<ProbeRun> runs, WindowResult idle, WindowResult busy)
    {
        string Row(string what, Func<WindowResult, string> value) => $"| {what} | {value(idle)} | {value(busy)} |";
        string Mb((long Start, long Peak, long End) m) => $"{WindowResult.Megabytes(m.Start)} / {WindowResult.Megabytes(m.Peak)} / {WindowResult.Megabytes(m.End)}";
        var late = runs.Where(r => r.Late is not null).Select(r => r.Late!.Value.TotalMilliseconds).Order().ToList();
        var lateText = late.Count == 0
            ? "none seen"
            : Invariant($"{TelegramQuickRun.Percentile(late, 0.50):0} / {TelegramQuickRun.Percentile(late, 0.95):0} / {late[^1]:0} (min {late[0]:0}, {late.Count} runs)");
        var interval = TimeSpan.FromSeconds(load.IntervalSeconds).TotalMilliseconds;

        Console.WriteLine($"| | idle baseline (no probe running) | {probes.Count} probes every {load.IntervalSeconds} s |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(Row("window s", w => Invariant($"{w.Wall.TotalSeconds:0.0}")));
        Console.WriteLine(Row("load average (1/5/15 min) start → end", w => $"{w.Load.Start} → {w.Load.End}"));
        Console.WriteLine(Row("process CPU s", w => Invariant($"{w.Cpu.TotalSeconds:0.00}")));
        Console.WriteLine(Row("% of one core", w => Invariant($"{w.ShareOfOneCore * 100:0.00}")));
        Console.WriteLine(Row($"% of the machine ({Environment.ProcessorCount} cores)", w => Invariant($"{w.ShareOfMachine * 100:0.00}")));
        Console.WriteLine(Row("managed heap MB start / peak / end", w => Mb(w.Heap)));
        Console.WriteLine(Row("working set MB start / peak / end", w => Mb(w.WorkingSet)));
        Console.WriteLine(Row("gen 2 collections (process total at end)", w => Invariant($"{w.Gen2Collections}")));
        Console.WriteLine(Row("LiteDB file MB start → end", w => $"{WindowResult.Megabytes(w.Database.Start.File)} → {WindowResult.Megabytes(w.Database.End.File)}"));
        Console.WriteLine(Row($"LiteDB log MB start → end (copied into the file at {LiteStore.CheckpointPages * 8 / 1024} MB)", w => $"{WindowResult.Megabytes(w.Database.Start.Log)} → {WindowResult.Megabytes(w.Database.End.Log)}"));
        Console.WriteLine($"| runs | 0 | {runs.Count}: " + string.Join(", ", runs.GroupBy(r => r.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}")) + " |");
        Console.WriteLine($"| outcomes | | " + string.Join(", ", runs.GroupBy(r => r.Outcome?.ToString() ?? "threw").OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}")) + " |");
        Console.WriteLine($"| started late against the schedule, ms p50 / p95 / max | | {lateText} |");
        Console.WriteLine(Invariant($"| runs later than the loop's 1 s look / than a whole interval | | {late.Count(l => l > 1000)} / {late.Count(l => l >= interval)} |"));
        Console.WriteLine(Invariant($"| check time ms p50 / p95 / max | | {Took(runs, 0.50):0} / {Took(runs, 0.95):0} / {runs.Max(r => r.Took.TotalMilliseconds):0} |"));
    }

    private static double Took(List<ProbeRun> runs, double p) => TelegramQuickRun.Percentile(runs.Select(r => r.Took.TotalMilliseconds).Order().ToList(), p);

    private static void Check(BenchApp app, ProbeLoad load, Dictionary<string, Probe> probes, List<ProbeRun> runs, int overlaps, HashSet<string> failingNames)
    {
        var problems = new List<string>();
        var ran = runs.GroupBy(r => r.ProbeId).ToDictionary(g => g.Key, g => g.Count());
        var missed = probes.Values.Where(p => ran.GetValueOrDefault(p.Id) < load.Rounds).ToList();
        if (missed.Count > 0)
        {
            problems.Add($"{missed.Count} probes did not run {load.Rounds} rounds, e.g. {missed[0].Name} ran {ran.GetValueOrDefault(missed[0].Id)}");
        }

        if (overlaps > 0)
        {
            problems.Add($"{overlaps} runs started while the same probe was still running");
        }

        var results = app.Get<ProbeResults>();
        var unstored = probes.Values.Where(p => results.Recent(p.Id, load.Rounds).Count < load.Rounds).ToList();
        if (unstored.Count > 0)
        {
            problems.Add($"{unstored.Count} probes have fewer than {load.Rounds} stored results, e.g. {unstored[0].Name}");
        }

        var notFailing = probes.Values.Where(p => failingNames.Contains(p.Name) && results.Health(p.Id)?.Failing != true).ToList();
        if (notFailing.Count > 0 || app.Get<IncidentSuggestions>().Drafts().Count == 0)
        {
            problems.Add($"the probes of the failing target did not all count as failing ({notFailing.Count} did not) or opened no draft incident");
        }

        Console.WriteLine(problems.Count == 0
            ? $"checks: every probe ran {load.Rounds} rounds and stored them, none overlapped, the failing ones count as failing and opened a draft"
            : "checks FAILED: " + string.Join("; ", problems));
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", problems));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The SMTP sink delivering into a real dovecot IMAP mailbox, when dovecot is installed.</summary>
    private sealed class MailPeers(IDisposable imap, SmtpSink smtp, MailProbeSettings settings) : IAsyncDisposable
    {
        public static MailPeers? Start()
        {
            if (!OperatingSystem.IsLinux() || !File.Exists(Dovecot))
            {
                return null;
            }

            var imap = new DovecotImap();
            var smtp = new SmtpSink { DeliverTo = imap.Deliver };
            return new MailPeers(imap, smtp, new MailProbeSettings
            {
                Smtp = new MailServer { Host = smtp.Host, Port = smtp.Port },
                Imap = new MailServer { Host = imap.Host, Port = imap.Port, Username = DovecotImap.User, Password = DovecotImap.Password },
                From = "probe-bot@example.com",
                To = DovecotImap.User,
            });
        }

        public Probe Probe(string name) => new() { Id = "", Name = name, Kind = ProbeKind.MailRoundTrip, Mail = settings };

        public async ValueTask DisposeAsync()
        {
            await smtp.DisposeAsync();
            imap.Dispose();
        }
    }
}
