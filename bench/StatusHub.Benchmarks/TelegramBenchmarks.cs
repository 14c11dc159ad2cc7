using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using StatusHub.Channels.Telegram;

namespace StatusHub.Benchmarks;

/// <summary>
/// From <see cref="Incidents.IncidentService.Open"/> returning to the first Telegram post reaching the Bot API, with
/// the dispatcher running as in the app. Each invocation is one publish; P50 and P95 are over the iterations.
/// </summary>
public class TelegramLatencyBenchmarks
{
    public static readonly IConfig Config = DefaultConfig.Instance
        .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(50))
        .AddColumn(StatisticColumn.P50, StatisticColumn.P95);

    private TelegramApp _rig = null!;

    [GlobalSetup]
    public void Start() => _rig = TelegramApp.StartAsync(TelegramQuickRun.ForLatency).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Stop() => _rig.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public Task<TimeSpan> PublishToFirstPost() => _rig.PublishToFirstPostAsync();
}

/// <summary>Publish-to-first-post latency (with and without the store's wake-up), and whether delivery keeps to Telegram's rate limits.</summary>
public static class TelegramQuickRun
{
    /// <summary>Both chats, as configured in production; the per-chat limit is raised so 50 runs in a row are not paced by it.</summary>
    public static void ForLatency(TelegramOptions options)
    {
        options.ChannelChatId = TelegramApp.ChannelChat;
        options.GroupChatId = TelegramApp.GroupChat;
        options.PerChatPerMinute = 100_000;
    }

    public static async Task LatencyAsync(int runs)
    {
        List<double> woken, polling;
        await using (var rig = await TelegramApp.StartAsync(ForLatency))
        {
            woken = await MeasureAsync(rig, runs);
        }

        await using (var rig = await TelegramApp.StartAsync(ForLatency, wokenByTheStore: false))
        {
            polling = await MeasureAsync(rig, runs);
        }

        Console.WriteLine("| dispatcher | runs | p50 ms | p95 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(Row("woken by the store's queued signal (as shipped)", woken));
        Console.WriteLine(Row("not hearing the store: 1 s idle poll only", polling));
    }

    /// <summary>
    /// Publishes <paramref name="notices"/> incidents at once, each to a channel and a group, on the real clock and the
    /// real rate gates, and reports the most messages the fake Bot API saw in any rolling second (all chats: Telegram's
    /// limit is per bot) and in any rolling minute into one chat. Two chats, so sends overlap and the per-second gate
    /// binds whenever the machine is fast enough, with the arrival jitter of concurrent requests.
    /// </summary>
    public static async Task RateAsync(int notices, double perSecond, int perChatPerMinute)
    {
        await using var rig = await TelegramApp.StartAsync(options =>
        {
            options.ChannelChatId = TelegramApp.ChannelChat;
            options.GroupChatId = TelegramApp.GroupChat;
            options.PerSecond = perSecond;
            options.PerChatPerMinute = perChatPerMinute;
        });

        var before = rig.Api.Messages.Count;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < notices; i++)
        {
            rig.Publish();
        }

        // The warm-up messages count too: they took their places in the chats' minutes.
        var messages = await rig.WaitForMessagesAsync(before + notices * rig.TargetCount, TimeSpan.FromMinutes(10));
        var elapsed = clock.Elapsed;
        var inSecond = MostInWindow([.. messages.Select(m => m.At).Order()], TimeSpan.FromSeconds(1));
        var inMinute = messages.GroupBy(m => m.ChatId).Max(chat => MostInWindow([.. chat.Select(m => m.At).Order()], TimeSpan.FromMinutes(1)));
        Console.WriteLine(FormattableString.Invariant($"{notices} notices, each into a channel and a group, delivered in {elapsed.TotalSeconds:0.0} s; {rig.Api.Calls.Count(c => !c.Succeeded)} refused calls"));
        Console.WriteLine("| window | limit | most seen at the Bot API | within |");
        Console.WriteLine("|---|---:|---:|---|");
        Console.WriteLine(FormattableString.Invariant($"| rolling second, all chats | {perSecond} (Telegram:PerSecond) | {inSecond} | {(inSecond <= perSecond ? "yes" : "NO")} |"));
        Console.WriteLine(FormattableString.Invariant($"| rolling minute, one chat | {perChatPerMinute} (Telegram:PerChatPerMinute) | {inMinute} | {(inMinute <= perChatPerMinute ? "yes" : "NO")} |"));
        if (inSecond > perSecond || inMinute > perChatPerMinute)
        {
            throw new InvalidOperationException("The Bot API saw more messages in a rolling window than the limits allow.");
        }
    }

    /// <summary>The most arrivals in any half-open window [t, t + window) that starts at an arrival.</summary>
    public static int MostInWindow(IReadOnlyList<DateTimeOffset> sorted, TimeSpan window)
    {
        var most = 0;
        var end = 0;
        for (var start = 0; start < sorted.Count; start++)
        {
            while (end < sorted.Count && sorted[end] < sorted[start] + window)
            {
                end++;
            }

            most = Math.Max(most, end - start);
        }

        return most;
    }

    private static async Task<List<double>> MeasureAsync(TelegramApp rig, int runs)
    {
        var latencies = new List<double>(runs);
        // Staff publish at any moment of an idle loop's second, not right as it finishes the previous notice.
        var moments = new Random(runs);
        for (var i = 0; i < runs; i++)
        {
            await Task.Delay(moments.Next(1_000));
            latencies.Add((await rig.PublishToFirstPostAsync()).TotalMilliseconds);
        }

        latencies.Sort();
        return latencies;
    }

    private static string Row(string what, List<double> sorted) =>
        FormattableString.Invariant($"| {what} | {sorted.Count} | {Percentile(sorted, 0.50):0.0} | {Percentile(sorted, 0.95):0.0} | {sorted[^1]:0.0} |");

    /// <summary>Nearest rank, as BenchmarkDotNet's P50/P95 are close enough to for 50 samples.</summary>
    internal static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
