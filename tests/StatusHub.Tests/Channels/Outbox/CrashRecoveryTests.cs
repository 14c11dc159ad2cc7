using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;

namespace StatusHub.Tests.Channels.Outbox;

public class CrashRecoveryTests
{
    private const string Secret = "crash-test-secret";
    private const int Recipients = 300;

    [Fact]
    public async Task AfterAKillMidFanOutARestartSendsEveryRecipientOneCopyButAtMostTheBatchInFlight()
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
        var batch = Dispatcher.BatchSize(new SmsChannel(new FixedOptions<SmsOptions>(sms), null!, null!).Limits);
        TestContext.Current.TestOutputHelper?.WriteLine($"{atKill} received before the kill, {gateway.Received.Count} in all, {duplicates} duplicates (batch {batch}).");
        Assert.InRange(atKill, 1, Recipients - 1);
        Assert.Equal(numbers.Order(), copies.Keys.Order());
        Assert.InRange(duplicates, 0, batch);
        Assert.Equal(0, gateway.Rejected);
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
