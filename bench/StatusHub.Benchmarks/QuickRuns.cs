namespace StatusHub.Benchmarks;

/// <summary>
/// <c>--quick [--size documented|tiny] [part …]</c>: single timed runs without BenchmarkDotNet. Each part checks its own
/// result (every recipient reached, limits kept); one that throws is reported and the exit code is 1, so CI notices.
/// </summary>
public static class QuickRuns
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var sizeAt = args.ToList().IndexOf("--size");
        QuickSizes sizes;
        try
        {
            sizes = sizeAt < 0 ? QuickSizes.Documented : QuickSizes.Named(args.ElementAtOrDefault(sizeAt + 1) ?? "");
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        var only = args.Where((_, i) => sizeAt < 0 || (i != sizeAt && i != sizeAt + 1)).ToHashSet();
        var parts = new (string Name, Func<Task> Run)[]
        {
            ("http", () => QuickRun.RunAsync(sizes.Sms, sizes.Webhooks)),
            ("email", () => EmailQuickRun.RunAsync(sizes.Email)),
            ("telegram", () => TelegramQuickRun.LatencyAsync(sizes.LatencyRuns)),
            ("rate", () => TelegramQuickRun.RateAsync(sizes.RateNotices, perSecond: 30, perChatPerMinute: 100)),
            ("subscribers", () => Task.Run(() => SubscriberQuickRun.RunAsync(sizes.Subscribers))),
            ("export", () => ExportQuickRun.RunAsync(sizes.Incidents)),
            ("probes", async () =>
            {
                foreach (var load in sizes.Probes)
                {
                    await ProbeQuickRun.RunAsync(load);
                }
            }),
        };
        if (only.Except(parts.Select(p => p.Name)).FirstOrDefault() is { } unknown)
        {
            Console.Error.WriteLine($"There is no quick benchmark '{unknown}': pick from {string.Join(", ", parts.Select(p => p.Name))}.");
            return 2;
        }

        var failed = new List<string>();
        foreach (var (name, run) in parts.Where(p => only.Count == 0 || only.Contains(p.Name)))
        {
            Console.WriteLine($"## {name}");
            try
            {
                await run();
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine($"{name} failed: {ex}");
                failed.Add(name);
            }
        }

        Console.WriteLine(failed.Count == 0 ? "quick benchmarks: all ran and passed their checks" : $"quick benchmarks FAILED: {string.Join(", ", failed)}");
        return failed.Count == 0 ? 0 : 1;
    }
}
