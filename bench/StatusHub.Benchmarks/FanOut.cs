using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Webhooks;

namespace StatusHub.Benchmarks;

/// <summary>
/// One update fanned out to <c>recipients</c> SMS numbers or webhook URLs: published into a fresh LiteDB outbox,
/// then delivered by the running dispatcher (woken by the store, writing out fan-out chunks, as in the app) over
/// loopback HTTP into <see cref="Receiver"/>. Rate limits are lifted, so what is measured is the outbox, the
/// rendering, the signing and HTTP, not the configured pace.
/// </summary>
public sealed class FanOut : IAsyncDisposable
{
    private const string Secret = "benchmark-secret";
    private readonly BenchApp _app;
    private readonly Receiver _receiver;
    private readonly int _recipients;
    private bool _started;

    public FanOut(string channel, int recipients, Receiver receiver)
    {
        _receiver = receiver;
        _recipients = recipients;
        var settings = new Dictionary<string, string?>();
        if (channel == ChannelNames.Sms)
        {
            settings["Sms:WebhookUrl"] = new Uri(receiver.Url, "sms").ToString();
            settings["Sms:Secret"] = Secret;
            settings["Sms:PerSecond"] = "1000000";
            BenchApp.AddList(settings, "Sms:Recipients", Enumerable.Range(0, recipients).Select(i => $"+1555{i:D7}"));
        }
        else
        {
            settings["Webhooks:Secret"] = Secret;
            settings["Webhooks:PerSecond"] = "1000000";
        }

        _app = new BenchApp(settings);
        if (channel == ChannelNames.Webhook)
        {
            var endpoints = _app.Get<WebhookEndpointService>();
            for (var i = 0; i < recipients; i++)
            {
                endpoints.Add(new Uri(receiver.Url, $"hooks/{i}").ToString(), null, null, "bench");
            }
        }
    }

    /// <summary>Publishes one incident and waits until the receiver has verified a message for every recipient. Returns how many it received.</summary>
    public async Task<int> RunAsync()
    {
        if (!_started)
        {
            await _app.Get<Dispatcher>().StartAsync(CancellationToken.None);
            _started = true;
        }

        var before = _receiver.Received;
        _app.Publish();
        return await _receiver.WaitForAsync(before + _recipients, TimeSpan.FromMinutes(5)) - before;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _app.Get<Dispatcher>().StopAsync(CancellationToken.None);
        }

        await _app.DisposeAsync();
    }
}
