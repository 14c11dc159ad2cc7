using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using StatusHub.Tests.Support;

namespace StatusHub.Benchmarks;

/// <summary>
/// One update to 10,000 email addresses through publisher, outbox, dispatcher and a pool of SMTP connections,
/// against the baseline of the same messages sent in a plain loop over one connection.
/// </summary>
[MemoryDiagnoser]
public class EmailBenchmarks
{
    public const int Recipients = 10_000;
    public const int Connections = 4;

    public static readonly IConfig Config = DefaultConfig.Instance
        .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3));

    private SmtpSink _sink = null!;
    private EmailFanOut _fanOut = null!;

    [IterationSetup(Target = nameof(PlainLoopOverOneConnection))]
    public void PrepareLoop()
    {
        FreshOutbox();
        _fanOut.PublishWithoutDelivering();
    }

    [IterationSetup(Target = nameof(PublishAndDeliver))]
    public void FreshOutbox()
    {
        // A fresh sink too: it keeps every message it parsed.
        _sink = new SmtpSink();
        _fanOut = new EmailFanOut(_sink, Recipients, Connections);
    }

    [IterationCleanup]
    public void DropOutbox()
    {
        _fanOut.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public Task PlainLoopOverOneConnection() => _fanOut.SendOverOneConnectionAsync();

    [Benchmark]
    public Task PublishAndDeliver() => _fanOut.RunAsync();
}

/// <summary>A quick read without BenchmarkDotNet: one timed fan-out and one timed plain loop.</summary>
public static class EmailQuickRun
{
    public static async Task RunAsync(int recipients)
    {
        await using (var sink = new SmtpSink())
        await using (var warmUp = new EmailFanOut(sink, 200, EmailBenchmarks.Connections))
        {
            await warmUp.RunAsync();
        }

        TimeSpan loop;
        await using (var sink = new SmtpSink())
        await using (var fanOut = new EmailFanOut(sink, recipients, EmailBenchmarks.Connections))
        {
            fanOut.PublishWithoutDelivering();
            loop = await fanOut.SendOverOneConnectionAsync();
            Check(sink, recipients, "plain loop");
        }

        (TimeSpan Publish, TimeSpan Total) outbox;
        await using (var sink = new SmtpSink())
        await using (var fanOut = new EmailFanOut(sink, recipients, EmailBenchmarks.Connections))
        {
            outbox = await fanOut.RunAsync();
            Check(sink, recipients, "outbox");
        }

        Console.WriteLine("| email path | messages | publish s | total s | messages/s | vs plain loop |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine(FormattableString.Invariant(
            $"| plain loop, 1 connection | {recipients} | | {loop.TotalSeconds:0.00} | {recipients / loop.TotalSeconds:0} | 1.00 |"));
        Console.WriteLine(FormattableString.Invariant(
            $"| publisher → outbox → dispatcher, {EmailBenchmarks.Connections} connections | {recipients} | {outbox.Publish.TotalSeconds:0.00} | {outbox.Total.TotalSeconds:0.00} | {recipients / outbox.Total.TotalSeconds:0} | {loop / outbox.Total:0.00} |"));
    }

    private static void Check(SmtpSink sink, int recipients, string what)
    {
        var distinct = sink.Received.Select(m => m.Recipients.Single()).Distinct().Count();
        if (distinct != recipients)
        {
            throw new InvalidOperationException($"{what}: the sink holds mail for {distinct} recipients, not {recipients}.");
        }
    }
}
