using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;

namespace StatusHub.Tests.Channels.Outbox;

public class CrashRecoveryTests
{
    private const string Secret = "crash-test-secret";
    private const int Recipients = 300;

    [Fact]
    public async Task AfterAKillMidFanOutARestartSendsEveryRecipientOneCopyButAtMostTheWindowInFlight()
    {
        using var data = new TempFolder();
        await using var gateway = await HttpReceiver.StartAsync(Secret);
        gateway.Delay = TimeSpan.FromMilliseconds(30);
        var numbers = Enumerable.Range(0, Recipients).Select(i => $"+1555{i:D7}").ToArray();
        var sms = ChannelApp.SmsTo(gateway, Secret, numbers);
        var settings = new Dictionary<string, string>
        {
            ["Sms:WebhookUrl"] = sms.WebhookUrl!,
            ["Sms:Secret"] = Secret,
            ["Sms:PerSecond"] = "1000",
            ["StatusPage:PublicUrl"] = ChannelApp.PageUrl,
        };
        for (var i = 0; i < numbers.Length; i++)
        {
            settings[$"Sms:Recipients:{i}"] = numbers[i];
        }

        // Published through the real services while the app is stopped: the update and its 300 deliveries in one transaction.
        using (var seed = new TestStore(data.Path, DateTimeOffset.UtcNow))
        using (var rig = new ChannelApp(seed, sms))
        {
            rig.OpenIncident("Checkout is down");
        }

        var timeout = TimeSpan.FromSeconds(25);
        int atKill;
        using (var first = StatusHubProcess.Start(data.Path, settings))
        {
            await WaitAsync(gateway, r => r.Count >= Recipients / 5, timeout, first);
            first.Kill();
            atKill = gateway.Received.Count;
        }

        using var second = StatusHubProcess.Start(data.Path, settings);
        await WaitAsync(gateway, r => r.Select(To).Distinct().Count() == Recipients, timeout, second);
        // Anything still coming after every number has its copy would be a duplicate too.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        second.Kill();

        var copies = gateway.Received.GroupBy(To).ToDictionary(g => g.Key, g => g.Count());
        var duplicates = copies.Values.Sum(c => c - 1);
        var window = Dispatcher.Window(new SmsChannel(new FixedOptions<SmsOptions>(sms), null!, null!).Limits, new OutboxOptions());
        TestContext.Current.TestOutputHelper?.WriteLine($"{atKill} received before the kill, {gateway.Received.Count} in all, {duplicates} duplicates (window {window}).");
        Assert.InRange(atKill, 1, Recipients - 1);
        Assert.Equal(numbers.Order(), copies.Keys.Order());
        Assert.InRange(duplicates, 0, window);
        Assert.Equal(0, gateway.Rejected);
    }

    [Fact]
    public async Task AKillMidAnEmailFanOutOfThousandsSendsAtMostSixteenRecipientsASecondCopy()
    {
        const int readers = 3_000;
        const int bound = 16;
        using var data = new TempFolder();
        await using var sink = new SmtpSink { Delay = TimeSpan.FromMilliseconds(1) };
        var addresses = Enumerable.Range(0, readers).Select(i => $"reader{i:D4}@example.org").ToList();
        var settings = ChannelApp.EmailTo(sink, addresses);
        settings["Email:PerSecond"] = "1000000";
        settings["StatusPage:PublicUrl"] = ChannelApp.PageUrl;
        using (var seed = new TestStore(data.Path, DateTimeOffset.UtcNow))
        using (var rig = new ChannelApp(seed, settings: settings))
        {
            rig.OpenIncident("Checkout is down");
        }

        var arguments = settings.ToDictionary(s => s.Key, s => s.Value!);
        int atKill;
        using (var first = StatusHubProcess.Start(data.Path, arguments))
        {
            await SinkWaitAsync(sink, first, () => sink.Received.Count >= readers / 5);
            first.Kill();
            atKill = sink.Received.Count;
        }

        using var second = StatusHubProcess.Start(data.Path, arguments);
        await SinkWaitAsync(sink, second, () => sink.Received.SelectMany(m => m.Recipients).Distinct().Count() == readers);
        // Anything still coming after every reader has a copy would be a duplicate too.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        second.Kill();

        var copies = sink.Received.SelectMany(m => m.Recipients).GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        var twice = copies.Count(c => c.Value > 1);
        TestContext.Current.TestOutputHelper?.WriteLine($"{atKill} received before the kill, {sink.Received.Count} in all, {twice} readers got two copies.");
        Assert.InRange(atKill, 1, readers - 1);
        Assert.Equal(addresses, copies.Keys.Order());
        Assert.All(copies.Values, c => Assert.InRange(c, 1, 2));
        Assert.InRange(twice, 0, bound);
    }

    private static async Task SinkWaitAsync(SmtpSink sink, StatusHubProcess app, Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The SMTP sink holds {sink.Received.Count} messages, not what the test waits for. StatusHub {(app.HasExited ? "exited" : "is running")}; its last output:\n{app.Output}");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    private static string To(ReceivedRequest request) => request.Json.GetProperty("to").GetString()!;

    private static async Task WaitAsync(HttpReceiver gateway, Func<IReadOnlyList<ReceivedRequest>, bool> done, TimeSpan timeout, StatusHubProcess app)
    {
        try
        {
            await gateway.WaitUntilAsync(done, timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} StatusHub {(app.HasExited ? "exited" : "is running")}; its last output:\n{app.Output}", ex);
        }
    }
}
