using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/StatusHub.Benchmarks            BenchmarkDotNet, in process
// dotnet run -c Release --project bench/StatusHub.Benchmarks -- --quick  one timed fan-out per size, messages per second
if (args.Contains("--quick"))
{
    await StatusHub.Benchmarks.QuickRun.RunAsync([100, 1000, 5000]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(StatusHub.Benchmarks.FanOutBenchmarks).Assembly).Run(args, StatusHub.Benchmarks.FanOutBenchmarks.Config);
