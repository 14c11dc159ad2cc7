using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.Storage;

namespace StatusHub.Tests.Channels.Outbox;

/// <summary>
/// Stopping (SIGTERM, Ctrl-C) mid fan-out: claiming stops, the sends on the wire finish and are recorded, claimed rows not
/// yet sent go back to the queue, and the next start sends each recipient the rest exactly once.
/// </summary>
public sealed class CleanShutdownTests
{
    private const int Recipients = 240;

    private static readonly List<string> Addresses = [.. Enumerable.Range(0, Recipients).Select(i => $"reader{i:D3}@example.org")];

    [Fact]
    public async Task StoppingTheHostMidFanOutRecordsEverySendAndTheRestartSendsEachRecipientOnce()
    {
        await using var sink = new SmtpSink { Delay = TimeSpan.FromMilliseconds(10) };
        using var data = new TempFolder();
        var settings = Settings(sink, data.Path);

        await using (var first = AppServices.Build(settings))
        {
            first.Services.GetRequiredService<IncidentService>().Open(
                new NewIncident("Checkout is down", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), "oncall@example.com");
            await first.StartAsync(TestContext.Current.CancellationToken);
            await sink.WaitForAsync(Recipients / 5, TimeSpan.FromMinutes(2));

            await first.StopAsync(CancellationToken.None);

            var rows = first.Services.GetRequiredService<LiteStore>().Collection<Delivery>().Find(d => d.Channel == ChannelNames.Email).ToList();
            var received = sink.Received.SelectMany(m => m.Recipients).ToList();
            Assert.Equal(received.Order(), rows.Where(r => r.State == DeliveryState.Sent).Select(r => r.Target).Order());
            Assert.InRange(received.Count, Recipients / 5, Recipients - 1);
            Assert.All(rows.Where(r => r.State != DeliveryState.Sent), r => Assert.Equal((DeliveryState.Pending, 0), (r.State, r.Attempts)));
            Assert.Equal(Recipients, rows.Count);
        }

        await using var second = AppServices.Build(settings);
        await second.StartAsync(TestContext.Current.CancellationToken);
        await sink.WaitForAsync(Recipients, TimeSpan.FromMinutes(2));
        await second.StopAsync(CancellationToken.None);

        var copies = sink.Received.SelectMany(m => m.Recipients).GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Addresses, copies.Keys.Order());
        Assert.All(copies, c => Assert.Equal(1, c.Value));
    }

    [Fact]
    public async Task SigtermStopsTheAppCleanlyAndItsLogSaysHowManySendsInFlightFinished()
    {
        await using var sink = new SmtpSink { Delay = TimeSpan.FromMilliseconds(10) };
        using var data = new TempFolder();
        using (var seed = new TestStore(data.Path, DateTimeOffset.UtcNow))
        using (var rig = new ChannelApp(seed, settings: ChannelApp.EmailTo(sink, Addresses)))
        {
            rig.OpenIncident("Checkout is down");
        }

        var settings = Settings(sink, data.Path)
            .Where(s => s.Key is not ("Storage:DataDirectory" or "urls"))
            .Append(new("Logging:LogLevel:StatusHub.Channels.Outbox.Dispatcher", "Information"))
            .ToDictionary(s => s.Key, s => s.Value!);
        using var app = StatusHubProcess.Start(data.Path, settings);
        await sink.WaitForAsync(Recipients / 5, TimeSpan.FromMinutes(2));

        app.Terminate();

        Assert.Equal(0, await app.WaitForExitAsync());
        Assert.Matches(@"The outbox stopped: \d+ sends in flight finished and their outcomes were recorded, \d+ claimed deliveries were put back in the queue, 0 sends were cut off", app.Output);
        Assert.True(sink.Received.Count < Recipients, "The fan-out was over before SIGTERM: nothing was in flight to finish.");
    }

    private static Dictionary<string, string?> Settings(SmtpSink sink, string dataDirectory)
    {
        var settings = ChannelApp.EmailTo(sink, Addresses);
        settings["Storage:DataDirectory"] = dataDirectory;
        settings["StatusPage:PublicUrl"] = ChannelApp.PageUrl;
        settings["urls"] = "http://127.0.0.1:0";
        return settings;
    }
}
