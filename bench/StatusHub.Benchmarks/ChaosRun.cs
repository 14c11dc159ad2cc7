using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using StatusHub.Subscribers.Staff;
using StatusHub.Tests.Support;

namespace StatusHub.Benchmarks;

/// <summary>
/// Issue 15 point 9: the built app run as a process (so it can be kill -9'd) on a fresh data folder holding the
/// subscribers, readers on its public page throughout, one update published through the management API into an SMTP
/// relay that answers 451 to every recipient for a while and a Bot API that answers 429 for a while; the app is killed
/// when the relay holds about half the emails and restarted on the same folder, and the run ends once every recipient
/// has its email. What the relay and the Bot API received decides lost and duplicate; the readers' samples give the
/// page's latency per phase.
/// </summary>
public sealed class ChaosRun(ChaosSize size, int port)
{
    public const string ChannelChat = "-1001000000001";
    public const string GroupChat = "-1001000000002";

    /// <summary>The readers' first seconds warm the app up (JIT, connections) and are not reported.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    private readonly DateTimeOffset _origin = DateTimeOffset.UtcNow;
    private readonly ConcurrentDictionary<string, int> _copies = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<double> _firstCopies = new();

    /// <summary><c>--chaos [--size full|tiny] [--out report.md] [--port N]</c>: the report on standard output (and into the file), progress on standard error; exit 1 when a check fails.</summary>
    public static async Task<int> FromCommandLineAsync(IReadOnlyList<string> args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        ChaosSize size;
        try
        {
            size = ChaosSize.Named(Option("--size") ?? "full");
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        var port = Option("--port") is { } given ? int.Parse(given, CultureInfo.InvariantCulture) : StatusHubProcess.FreePort();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await new ChaosRun(size, port).RunAsync(Console.Error);
        var report = result.Markdown() + Environment.NewLine + $"(The whole run, seeding and both starts included, took {clock.Elapsed.TotalSeconds:0} s.)" + Environment.NewLine;
        Console.Write(report);
        if (Option("--out") is { } file)
        {
            await File.WriteAllTextAsync(file, report);
        }

        return result.Failures.Count == 0 ? 0 : 1;
    }

    public async Task<ChaosResult> RunAsync(TextWriter progress)
    {
        using var data = new TempFolder();
        await using var relay = new SmtpSink();
        relay.DeliverTo = Arrived;
        await using var bot = await FakeTelegramBotApi.StartAsync();
        var settings = Settings(relay, bot);
        var load = new List<string> { ProcessWindow.LoadAverage() };

        progress.WriteLine($"chaos ({size.Name}): seeding {size.Subscribers} subscribers into {data.Path}");
        await SeedAsync(data.Path, settings);
        var key = await CreateApiKeyAsync(data.Path);
        var app = StatusHubProcess.Start(data.Path, settings, port: port);
        var problems = new List<string>();
        var marks = new ChaosMarks();
        try
        {
            await app.WaitUntilServingAsync();
            await using var readers = new ChaosReaders(app.BaseAddress, size.Readers, size.ThinkTime, Now);
            await Task.Delay(WarmUp);
            marks.ReadersStarted = Now();
            await Task.Delay(size.Before);

            // The windows run from when the fan-out starts, the publish's commit: its POST takes seconds on a busy machine.
            // They are armed before it too, so that nothing goes out between the commit and the answer.
            var posting = DateTimeOffset.UtcNow;
            ArmFaults(relay, bot, posting);
            await PublishAsync(app.BaseAddress, key);
            var published = DateTimeOffset.UtcNow;
            ArmFaults(relay, bot, published);
            marks.Posting = Seconds(posting);
            marks.Published = Seconds(published);
            progress.WriteLine($"chaos: published; relay refusing for {size.RelayRefusal.TotalSeconds} s, Bot API throttling for {size.BotThrottle.TotalSeconds} s");

            var deadline = DateTime.UtcNow + size.Timeout;
            if (await WaitAsync(() => _copies.Count >= size.Subscribers / 2, deadline))
            {
                marks.Killed = Now();
                app.Kill();
                marks.ReceivedAtKill = _copies.Count;
                app.Dispose();
                progress.WriteLine($"chaos: killed (kill -9) with {marks.ReceivedAtKill} of {size.Subscribers} emails at the relay; restarting on the same folder");
                app = StatusHubProcess.Start(data.Path, settings, port: port);
                await app.WaitUntilServingAsync();
                marks.Serving = Now();
                load.Add(ProcessWindow.LoadAverage());
                if (!await WaitAsync(() => _copies.Count >= size.Subscribers && bot.Messages.Select(m => m.ChatId).Distinct().Count() >= 2, deadline))
                {
                    problems.Add($"the fan-out did not finish within {size.Timeout.TotalMinutes} minutes; the app's last output:\n{app.Output}");
                }
            }
            else
            {
                problems.Add($"the relay never held half the emails ({_copies.Count} of {size.Subscribers}); the app's last output:\n{app.Output}");
            }

            marks.Done = Now();
            progress.WriteLine($"chaos: {_copies.Count} of {size.Subscribers} recipients reached; watching {size.After.TotalSeconds} s more for late copies");
            await Task.Delay(size.After);
            await readers.StopAsync();
            marks.Ended = Now();
            load.Add(ProcessWindow.LoadAverage());
            return new ChaosResult(size, marks, readers.Samples, Copies(), _firstCopies.DefaultIfEmpty(double.NaN).Max(), bot.Calls, published, load, problems);
        }
        finally
        {
            app.Dispose();
        }
    }

    private void ArmFaults(SmtpSink relay, FakeTelegramBotApi bot, DateTimeOffset from)
    {
        relay.RejectEveryRecipientUntil(451, from + size.RelayRefusal);
        bot.ThrottleSendsUntil(from + size.BotThrottle);
    }

    private double Now() => Seconds(DateTimeOffset.UtcNow);

    private double Seconds(DateTimeOffset at) => (at - _origin).TotalSeconds;

    private void Arrived(MimeKit.MimeMessage message)
    {
        var to = message.To.Mailboxes.Single().Address;
        if (_copies.AddOrUpdate(to, 1, (_, n) => n + 1) == 1)
        {
            _firstCopies.Enqueue(Now());
        }
    }

    /// <summary>Copies each subscriber received, those that received none included.</summary>
    private IReadOnlyDictionary<string, int> Copies() =>
        Enumerable.Range(0, size.Subscribers).Select(Address).ToDictionary(a => a, a => _copies.GetValueOrDefault(a), StringComparer.OrdinalIgnoreCase);

    private static string Address(int i) => FormattableString.Invariant($"reader{i:D5}@example.com");

    private Dictionary<string, string> Settings(SmtpSink relay, FakeTelegramBotApi bot) => new()
    {
        ["StatusPage:Name"] = "Acme",
        ["StatusPage:PublicUrl"] = BenchApp.PublicUrl,
        ["Email:Smtp:Host"] = relay.Host,
        ["Email:Smtp:Port"] = relay.Port.ToString(CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Email:From"] = "Acme Status <status@example.net>",
        ["Email:PerSecond"] = size.EmailPerSecond.ToString(CultureInfo.InvariantCulture),
        ["Telegram:BotToken"] = FakeTelegramBotApi.Token,
        ["Telegram:ApiBaseUrl"] = bot.BaseUrl,
        ["Telegram:ChannelChatId"] = ChannelChat,
        ["Telegram:GroupChatId"] = GroupChat,
    };

    /// <summary>The subscribers as staff import a customer list (what <c>--quick subscribers</c> does), before the app first starts.</summary>
    private async Task SeedAsync(string folder, Dictionary<string, string> settings)
    {
        await using var seeding = new BenchApp(settings.ToDictionary(s => s.Key, s => (string?)s.Value), folder: folder);
        var csv = new StringBuilder("email\n");
        for (var i = 0; i < size.Subscribers; i++)
        {
            csv.Append(Address(i)).Append('\n');
        }

        var report = seeding.Get<SubscriberImport>().Import(new StringReader(csv.ToString()), "chaos");
        if (report.Added != size.Subscribers)
        {
            throw new InvalidOperationException($"The import added {report.Added} of {size.Subscribers} subscribers: {string.Join("; ", report.Rejects.Take(3))}");
        }
    }

    /// <summary>A write key, as an operator makes one: the app's own command line (the key is its last line).</summary>
    private static async Task<string> CreateApiKeyAsync(string folder)
    {
        var (exit, output, error) = await StatusHubProcess.RunCommandAsync(folder, "apikey", "create", "--name", "chaos run", "--scope", "write");
        return exit == 0
            ? output.Trim().Split('\n')[^1].Trim()
            : throw new InvalidOperationException($"apikey create exited {exit}: {error}");
    }

    /// <summary>Opens the incident through the management API, as a deploy pipeline would.</summary>
    private static async Task PublishAsync(Uri app, string key)
    {
        using var http = new HttpClient { BaseAddress = app };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var body = """{"incident":{"name":"Checkout is down","status":"investigating","impact_override":"major","body":"Payments fail.","deliver_notifications":true}}""";
        using var response = await http.PostAsync("/api/manage/v1/incidents", new StringContent(body, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Publishing answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<bool> WaitAsync(Func<bool> done, DateTime deadline)
    {
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }
}

/// <summary>When things happened, in seconds since the run's origin (NaN: did not happen).</summary>
public sealed class ChaosMarks
{
    public double ReadersStarted { get; set; } = double.NaN;

    public double Published { get; set; } = double.NaN;

    /// <summary>When the publish's POST was sent (<see cref="Published"/>: when it answered, the fan-out under way).</summary>
    public double Posting { get; set; } = double.NaN;

    public double Killed { get; set; } = double.NaN;

    public int ReceivedAtKill { get; set; }

    public double Serving { get; set; } = double.NaN;

    public double Done { get; set; } = double.NaN;

    public double Ended { get; set; } = double.NaN;
}
