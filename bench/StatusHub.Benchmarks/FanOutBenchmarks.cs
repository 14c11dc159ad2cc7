using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using StatusHub.Channels;

namespace StatusHub.Benchmarks;

/// <summary>Each invocation publishes one update to N recipients in a fresh outbox and waits until all N are delivered.</summary>
[MemoryDiagnoser]
public class FanOutBenchmarks
{
    /// <summary>In process (no generated project to build) and one fan-out per measurement: the work is seconds long, not nanoseconds.</summary>
    public static readonly IConfig Config = DefaultConfig.Instance
        .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));

    private Receiver _receiver = null!;
    private FanOut _fanOut = null!;

    [Params(ChannelNames.Sms, ChannelNames.Webhook)]
    public string Channel { get; set; } = ChannelNames.Sms;

    [Params(100, 1000)]
    public int Recipients { get; set; }

    [GlobalSetup]
    public void StartReceiver() => _receiver = Receiver.StartAsync("benchmark-secret").GetAwaiter().GetResult();

    [GlobalCleanup]
    public void StopReceiver() => _receiver.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [IterationSetup]
    public void FreshOutbox() => _fanOut = new FanOut(Channel, Recipients, _receiver);

    [IterationCleanup]
    public void DropOutbox() => _fanOut.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public Task<int> PublishAndDeliver() => _fanOut.RunAsync();
}

/// <summary>A quick read without BenchmarkDotNet: one timed fan-out per size and channel, in messages per second.</summary>
public static class QuickRun
{
    public static async Task RunAsync(IReadOnlyList<int> smsSizes, IReadOnlyList<int> webhookSizes)
    {
        await using var receiver = await Receiver.StartAsync("benchmark-secret");
        Console.WriteLine("| channel | recipients | seconds | messages/s | allocated per message |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (channel, sizes) in new[] { (ChannelNames.Sms, smsSizes), (ChannelNames.Webhook, webhookSizes) })
        {
            await using (var warmUp = new FanOut(channel, 50, receiver))
            {
                await warmUp.RunAsync();
            }

            foreach (var size in sizes)
            {
                await using var fanOut = new FanOut(channel, size, receiver);
                var before = receiver.Received;
                var allocated = GC.GetTotalAllocatedBytes();
                var clock = Stopwatch.StartNew();
                await fanOut.RunAsync();
                var seconds = clock.Elapsed.TotalSeconds;
                // The whole process: the receiver's side of each post is counted too.
                var perMessage = (GC.GetTotalAllocatedBytes() - allocated) / 1024.0 / size;
                // A moment for anything sent twice to show.
                await Task.Delay(200);
                if (receiver.Received - before != size)
                {
                    throw new InvalidOperationException($"{channel} × {size}: the receiver verified {receiver.Received - before} messages.");
                }

                Console.WriteLine(FormattableString.Invariant($"| {channel} | {size} | {seconds:0.00} | {size / seconds:0} | {perMessage:0} KB |"));
            }
        }
    }
}
