using System.Globalization;
using System.Text;
using StatusHub.Tests.Support;

namespace StatusHub.Benchmarks;

/// <summary>What a <see cref="ChaosRun"/> saw, its checks, and the Markdown report (docs/benchmarks.md, README).</summary>
/// <param name="Copies">Emails the relay accepted per subscriber, those with none included.</param>
/// <param name="LastFirstCopy">When the last recipient's first copy arrived (seconds since the run's origin).</param>
/// <param name="BotCalls">Every request the Bot API received.</param>
/// <param name="Load">Load averages at the start, at the restart and at the end.</param>
/// <param name="Problems">What stopped the run short (a timeout), with the app's last output.</param>
public sealed record ChaosResult(
    ChaosSize Size,
    ChaosMarks Marks,
    IReadOnlyList<ReaderSample> Samples,
    IReadOnlyDictionary<string, int> Copies,
    double LastFirstCopy,
    IReadOnlyList<TelegramCall> BotCalls,
    DateTimeOffset PublishedAt,
    IReadOnlyList<string> Load,
    IReadOnlyList<string> Problems)
{
    /// <summary>Issue 15 point 5: what a kill -9 may send twice, with the default 4 SMTP connections.</summary>
    public const int DuplicateBound = 16;

    public const int PerChatPerMinute = 20;
    public const int PerSecond = 30;

    public int Lost => Copies.Values.Count(c => c == 0);

    public int RecipientsWithDuplicates => Copies.Values.Count(c => c > 1);

    public int ExtraCopies => Copies.Values.Sum(c => Math.Max(0, c - 1));

    private IReadOnlyList<TelegramCall> Sends => [.. BotCalls.Where(c => c.Method == "sendMessage").OrderBy(c => c.At)];

    private IReadOnlyList<TelegramCall> Posts => [.. Sends.Where(c => c.Succeeded)];

    private int PostsPerChatPerMinute => Posts.GroupBy(c => c.ChatId).Select(g => MostInWindow(g, TimeSpan.FromMinutes(1))).DefaultIfEmpty().Max();

    private int PostsPerChatPerSecond => Posts.GroupBy(c => c.ChatId).Select(g => MostInWindow(g, TimeSpan.FromSeconds(1))).DefaultIfEmpty().Max();

    /// <summary>Every sendMessage, refused ones included: Telegram counts requests.</summary>
    private int SendsPerSecond => MostInWindow(Sends, TimeSpan.FromSeconds(1));

    /// <summary>sendMessage calls into a chat before the retry_after of an earlier 429 in that chat had passed.</summary>
    private int EarlyRetries => Sends.GroupBy(c => c.ChatId).Sum(chat =>
    {
        var early = 0;
        var notBefore = DateTimeOffset.MinValue;
        foreach (var call in chat)
        {
            early += call.At < notBefore ? 1 : 0;
            if (call.RetryAfter is { } seconds && call.At.AddSeconds(seconds) > notBefore)
            {
                notBefore = call.At.AddSeconds(seconds);
            }
        }

        return early;
    });

    /// <summary>What makes the run fail (exit 1): anything lost, a chat without its post, Telegram's limits passed, a run cut short. Duplicates are reported, not failed.</summary>
    public IReadOnlyList<string> Failures =>
    [
        .. Problems,
        .. Lost > 0 ? [$"{Lost} recipients got no email"] : Array.Empty<string>(),
        .. new[] { ChaosRun.ChannelChat, ChaosRun.GroupChat }.Where(chat => Posts.All(p => p.ChatId != chat)).Select(chat => $"Telegram chat {chat} got no post"),
        .. PostsPerChatPerMinute > PerChatPerMinute ? [$"{PostsPerChatPerMinute} posts into one chat within a minute"] : Array.Empty<string>(),
        .. PostsPerChatPerSecond > 1 ? [$"{PostsPerChatPerSecond} posts into one chat within a second"] : Array.Empty<string>(),
        .. SendsPerSecond > PerSecond ? [$"{SendsPerSecond} sendMessage calls within a second"] : Array.Empty<string>(),
        .. EarlyRetries > 0 ? [$"{EarlyRetries} sendMessage calls before retry_after had passed"] : Array.Empty<string>(),
    ];

    public string Markdown()
    {
        var m = Marks;
        var p = m.Published;
        var md = new StringBuilder();
        md.AppendLine(Invariant($"### Chaos run, size {Size.Name}: {PublishedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC"));
        md.AppendLine();
        md.AppendLine(Invariant($"{Size.Subscribers:N0} email subscribers (all components) and 2 Telegram chats (channel and discussion group); the app as a process (`dotnet StatusHub.dll`), `Email:PerSecond` {Size.EmailPerSecond:N0} and the default 4 SMTP connections, Telegram at its defaults (30/s, 20 per chat per minute). {Size.Readers} readers, each pausing {Size.ThinkTime.TotalMilliseconds:0} ms between requests, alternate `/` and `/api/v2/summary.json` (gzip). From the publish (`POST /api/manage/v1/incidents`, answered in {(p - m.Posting) * 1000:0} ms) the relay answers 451 to every RCPT for {Size.RelayRefusal.TotalSeconds:0} s and the Bot API 429 (retry_after = the seconds left) for {Size.BotThrottle.TotalSeconds:0} s; kill -9 when the relay held {m.ReceivedAtKill:N0} of the emails, restart on the same folder. Load average (1, 5, 15 min) at the start, the restart and the end: {string.Join("; ", Load)} ({Environment.ProcessorCount} cores, shared with the readers and both fakes)."));
        md.AppendLine();
        md.AppendLine("| phase (seconds from the publish) | from | to | requests | errors | p50 ms | p99 ms |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        var phases = new (string Name, double From, double To)[]
        {
            ("before", m.ReadersStarted, m.Posting),
            ("publishing (the POST, recipients selected and queued)", m.Posting, p),
            ("Bot API 429 window (relay 451 too)", p, p + Size.BotThrottle.TotalSeconds),
            ("rest of the relay's 451 window", p + Size.BotThrottle.TotalSeconds, p + Size.RelayRefusal.TotalSeconds),
            ("delivering", p + Size.RelayRefusal.TotalSeconds, m.Killed),
            ("killed, restarting", m.Killed, m.Serving),
            ("delivering after the restart", m.Serving, m.Done),
            ("after", m.Done, m.Ended),
        };
        foreach (var (name, from, to) in phases)
        {
            md.AppendLine(PhaseRow(name, from - p, to - p, [.. Samples.Where(s => s.StartedAt >= from && s.StartedAt < to)]));
        }

        var firstPost = Posts.Count > 0 ? Invariant($"{(Posts[0].At - PublishedAt).TotalSeconds:0.0} s") : "none";
        md.AppendLine();
        md.AppendLine("| measure | result | bound |");
        md.AppendLine("| --- | --- | --- |");
        md.AppendLine(Invariant($"| time to the first Telegram post | {firstPost} | after the {Size.BotThrottle.TotalSeconds:0} s of 429 |"));
        md.AppendLine(Invariant($"| time to the last email (the last recipient's first copy at the relay) | {LastFirstCopy - p:0.0} s | |"));
        md.AppendLine(Invariant($"| emails at the relay at the kill | {m.ReceivedAtKill:N0} of {Size.Subscribers:N0}, {m.Killed - p:0.0} s after the publish | about half |"));
        md.AppendLine(Invariant($"| kill to serving again | {m.Serving - m.Killed:0.0} s | |"));
        md.AppendLine(Invariant($"| lost (recipients with no email) | {Lost} | 0: {(Lost == 0 ? "met" : "**not met**")} |"));
        md.AppendLine(Invariant($"| duplicates (recipients with more than one) | {RecipientsWithDuplicates} ({ExtraCopies} extra copies, at most {Copies.Values.DefaultIfEmpty().Max()} to one recipient) | ≤ {DuplicateBound} (point 5): {(RecipientsWithDuplicates <= DuplicateBound ? "met" : "**exceeded**")} |"));
        md.AppendLine(Invariant($"| Telegram posts accepted | {string.Join(", ", Posts.GroupBy(c => c.ChatId).Select(g => $"{g.Key}: {g.Count()}"))}; {Sends.Count} sendMessage calls, {Sends.Count(c => c.ErrorCode == 429)} answered 429 | one per chat |"));
        md.AppendLine(Invariant($"| Telegram rate at the Bot API | per chat at most {PostsPerChatPerMinute} in any minute and {PostsPerChatPerSecond} in any second; all sendMessage calls at most {SendsPerSecond} in any second | ≤ {PerChatPerMinute}/min and ≤ 1/s per chat, ≤ {PerSecond}/s: {(PostsPerChatPerMinute <= PerChatPerMinute && PostsPerChatPerSecond <= 1 && SendsPerSecond <= PerSecond ? "met" : "**not met**")} |"));
        md.AppendLine(Invariant($"| retry_after honoured | {EarlyRetries} calls into a chat before its retry_after had passed | 0: {(EarlyRetries == 0 ? "met" : "**not met**")} |"));
        md.AppendLine();
        md.AppendLine(Failures.Count == 0 ? "Checks: passed (nothing lost, Telegram's limits kept)." : $"Checks FAILED: {string.Join("; ", Failures)}");
        return md.ToString();
    }

    private static string PhaseRow(string name, double from, double to, IReadOnlyList<ReaderSample> samples)
    {
        if (double.IsNaN(from) || double.IsNaN(to) || to <= from)
        {
            return $"| {name} | | | 0 | | | |";
        }

        var latencies = samples.Where(s => s.Succeeded).Select(s => s.Milliseconds).Order().ToArray();
        return Invariant($"| {name} | {from:0.0} | {to:0.0} | {samples.Count:N0} | {samples.Count(s => !s.Succeeded):N0} | {Percentile(latencies, 0.50)} | {Percentile(latencies, 0.99)} |");
    }

    /// <summary>Nearest rank, over successful requests.</summary>
    private static string Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? "—" : Invariant($"{sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)]:0.0}");

    /// <summary>The most calls in any window of <paramref name="window"/> (calls in time order).</summary>
    private static int MostInWindow(IEnumerable<TelegramCall> calls, TimeSpan window)
    {
        var times = calls.Select(c => c.At).ToArray();
        var most = 0;
        for (int first = 0, last = 0; last < times.Length; last++)
        {
            while (times[last] - times[first] >= window)
            {
                first++;
            }

            most = Math.Max(most, last - first + 1);
        }

        return most;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
