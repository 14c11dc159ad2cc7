using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Tests.Subscribers;

namespace StatusHub.Tests.Channels.Sms;

/// <summary>
/// A provider's API on loopback (an <see cref="HttpTarget"/> answering in the provider's documented shape) with the SMS
/// channel pointed at it: stepped through <see cref="ChannelApp"/> for sends, or the whole app for the provider's callbacks.
/// </summary>
public sealed class SmsProviderPeer : IAsyncDisposable
{
    public const string Number = "+447700900123";

    private SmsProviderPeer(HttpTarget api) => Api = api;

    public HttpTarget Api { get; }

    public static async Task<SmsProviderPeer> StartAsync(HttpStatusCode status, string json)
    {
        var api = await HttpTarget.StartAsync();
        var peer = new SmsProviderPeer(api);
        peer.Answer(status, json);
        return peer;
    }

    public void Answer(HttpStatusCode status, string json, string? retryAfterSeconds = null)
    {
        Api.Status = status;
        Api.Body = json;
        Api.ContentType = "application/json";
        Api.Headers.Remove("Retry-After");
        if (retryAfterSeconds is not null)
        {
            Api.Headers["Retry-After"] = retryAfterSeconds;
        }
    }

    /// <summary>Opens an incident with <see cref="Number"/> as the one SMS recipient, delivers what is due, and returns the SMS row.</summary>
    public static async Task<Delivery> SendOneAsync(TestStore store, SmsOptions options)
    {
        options.Recipients = [Number];
        options.PerSecond = 1000;
        using var rig = new ChannelApp(store, options);
        Assert.Null(rig.Sms.ConfigurationProblem);
        rig.OpenIncident();
        await rig.DeliverDueAsync();
        return Assert.Single(rig.Deliveries(ChannelNames.Sms));
    }

    public static void AssertRetriedAfter(Delivery delivery, TimeSpan wait)
    {
        Assert.Equal((DeliveryState.Pending, 1), (delivery.State, delivery.Attempts));
        Assert.Equal(wait, delivery.NextAttemptAt - delivery.LastAttemptAt!.Value);
    }

    public static void AssertRetriedWithoutMarkingTheNumber(TestStore store, Delivery delivery, string? errorContains = null)
    {
        Assert.Equal((DeliveryState.Pending, 1), (delivery.State, delivery.Attempts));
        if (errorContains is not null)
        {
            Assert.Contains(errorContains, delivery.LastError);
        }

        Assert.Empty(store.Store.Collection<FailingTarget>().FindAll());
    }

    public static void AssertNumberRefused(TestStore store, Delivery delivery)
    {
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Equal(Number, Assert.Single(store.Store.Collection<FailingTarget>().FindAll()).Target);
    }

    /// <summary>The whole app (dispatcher running) with <paramref name="settings"/> and <see cref="Number"/> as an SMS recipient.</summary>
    public static WebApplicationFactory<Program> App(StatusHubApp app, IReadOnlyDictionary<string, string> settings) =>
        app.WithSubscriptions(smsGateway: null, more: new Dictionary<string, string>(settings) { ["Sms:Recipients:0"] = Number });

    /// <summary>Opens an incident and waits for its text to be sent through the provider; returns the SMS row.</summary>
    public async Task<Delivery> SentThroughAppAsync(WebApplicationFactory<Program> app)
    {
        app.OpenIncident("Checkout is down");
        var store = app.Services.GetRequiredService<LiteStore>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Delivery? sent;
        while ((sent = store.Collection<Delivery>().FindOne(d => d.Channel == ChannelNames.Sms && d.State == DeliveryState.Sent)) is null)
        {
            await Task.Delay(25, cancel.Token);
        }

        return sent;
    }

    public static Delivery Reread(WebApplicationFactory<Program> app, Delivery delivery) =>
        app.Services.GetRequiredService<LiteStore>().Collection<Delivery>().FindById(delivery.Id);

    /// <summary>Makes <see cref="Number"/> an SMS subscriber of the app.</summary>
    public static SubscriberService Subscribe(WebApplicationFactory<Program> app)
    {
        var subscribers = app.Services.GetRequiredService<SubscriberService>();
        subscribers.AddConfirmed(ChannelNames.Sms, Number, true, null, "staff@example.net");
        return subscribers;
    }

    /// <summary>That the number left by itself: gone, and audited under its masked number, not a staff member or the system.</summary>
    public static void AssertLeftByThemselves(WebApplicationFactory<Program> app, SubscriberService subscribers)
    {
        Assert.Null(subscribers.Find(ChannelNames.Sms, Number));
        var removed = app.Services.GetRequiredService<LiteStore>().Collection<AuditEntry>().FindOne(a => a.Action == "subscriber.removed");
        Assert.Equal(SubscriberAddresses.Mask(ChannelNames.Sms, Number), removed.Actor);
    }

    /// <summary>An HS256 JWT over <paramref name="claims"/>, as Vonage and MessageBird sign their webhooks.</summary>
    public static string Jwt(object claims, string secret)
    {
        static string Part(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var unsigned = Part(System.Text.Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""")) + "." + Part(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(claims));
        return unsigned + "." + Part(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.ASCII.GetBytes(unsigned)));
    }

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}
