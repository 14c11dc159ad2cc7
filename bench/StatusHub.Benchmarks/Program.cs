using System.Globalization;
using BenchmarkDotNet.Running;
using StatusHub.Benchmarks;

// dotnet run -c Release --project bench/StatusHub.Benchmarks                     BenchmarkDotNet, in process (pick with --filter)
// dotnet run -c Release --project bench/StatusHub.Benchmarks -- --quick          single timed runs of everything below
// dotnet run -c Release --project bench/StatusHub.Benchmarks -- --quick email    or only: http (SMS, webhooks), email, telegram, rate, subscribers, export, probes
// dotnet run -c Release --project bench/StatusHub.Benchmarks -- --quick --size tiny    each in seconds, checks only (.ci/run)
// dotnet run -c Release --project bench/StatusHub.Benchmarks -- --chaos [--size full|tiny] [--out report.md]    issue 15's chaos run (bench/chaos/run.sh)
// dotnet run -c Release --project bench/StatusHub.Benchmarks -- seed <data folder> [incidents] [unresolved]    a page to load-test (bench/load/run.sh)
// dotnet run -c Release --project bench/StatusHub.Benchmarks -- floor <static export> <url>    bare Kestrel serving it (bench/load/run.sh FLOOR=1)
if (args is ["seed", var data, .. var counts])
{
    var incidents = counts.Length > 0 ? int.Parse(counts[0], CultureInfo.InvariantCulture) : 300;
    var unresolved = counts.Length > 1 ? int.Parse(counts[1], CultureInfo.InvariantCulture) : 5;
    var spread = TimeSpan.FromDays(90);
    SeededPage.Write(data, incidents - unresolved, spread, unresolved);
    Console.WriteLine($"Seeded {data}: {incidents} incidents over {spread.TotalDays} days, {unresolved} of them unresolved");
    return 0;
}

if (args is ["floor", var site, var url])
{
    await KestrelFloor.RunAsync(site, url);
    return 0;
}

if (args.Contains("--chaos"))
{
    return await ChaosRun.FromCommandLineAsync(args);
}

if (args.Contains("--quick"))
{
    return await QuickRuns.RunAsync(args.Where(a => a != "--quick").ToList());
}

var configs = new Dictionary<Type, BenchmarkDotNet.Configs.IConfig>
{
    [typeof(FanOutBenchmarks)] = FanOutBenchmarks.Config,
    [typeof(EmailBenchmarks)] = EmailBenchmarks.Config,
    [typeof(TelegramLatencyBenchmarks)] = TelegramLatencyBenchmarks.Config,
};
foreach (var (type, config) in configs)
{
    BenchmarkSwitcher.FromTypes([type]).Run(args, config);
}

return 0;
