using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Alerts;
using StatusHub.Incidents.Suggestions;
using StatusHub.Storage;
using StatusHub.Tests.Staff.Telegram;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Alerts;

/// <summary>The app with the alert receivers on, rules for smtp, webmail and api, the staff chat on the fake Bot API and subscribers on email.</summary>
public static class AlertsRig
{
    public const string Token = "alert-token-0123456789";
    public const string Secret = "hmac-secret-0123456789";

    public static async Task<(TelegramBotApp Bot, SmtpSink Sink)> StartAsync(params (string Key, string Value)[] settings)
    {
        var sink = new SmtpSink();
        var bot = await TelegramBotApp.StartWithStaffChatAsync(
            sink,
            StaffChat.StaffChatId,
            [
                ("Email:Recipients:0", "customers@example.org"),
                ("Alerts:Token", Token),
                ("Alerts:HmacSecret", Secret),
                ("Alerts:Rules:0:Match:service", "smtp"),
                ("Alerts:Rules:0:Components:0", "Outbound mail"),
                ("Alerts:Rules:0:Impact", "major"),
                ("Alerts:Rules:1:Match:service", "webmail"),
                ("Alerts:Rules:1:Components:0", "Webmail"),
                ("Alerts:Rules:2:Match:service", "api"),
                ("Alerts:Rules:2:Components:0", "API"),
                ("Alerts:Rules:2:Impact", "minor"),
                .. settings,
            ]);
        bot.CreateComponent("Outbound mail");
        bot.CreateComponent("Webmail");
        bot.CreateComponent("API");
        return (bot, sink);
    }

    public static Task<HttpResponseMessage> PostAsync(this TelegramBotApp bot, string receiver, string json, string? token = Token, (string Header, string Value)? signature = null) =>
        bot.PostWithHeadersAsync(receiver, json, token, signature is { } header ? [header] : []);

    /// <summary>Posts <paramref name="json"/> as Grafana's contact point does with an HMAC secret and a timestamp header set, signed at <paramref name="signedAt"/>.</summary>
    public static Task<HttpResponseMessage> PostSignedAsGrafanaAsync(this TelegramBotApp bot, string json, DateTimeOffset signedAt, string secret = Secret)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return bot.PostWithHeadersAsync("grafana", json, token: null, [("X-Grafana-Alerting-Signature", SignAsGrafana(json, timestamp, secret)), ("X-Grafana-Alerting-Signature-Timestamp", timestamp)]);
    }

    /// <summary>
    /// What Grafana's webhook sender puts in its signature header (grafana/alerting http/hmac.go, HMACRoundTripper.sign):
    /// HMAC-SHA256 keyed with the secret over the timestamp, ":" and the body, written one after another; lower-case hex.
    /// </summary>
    public static string SignAsGrafana(string json, string timestamp, string secret = Secret)
    {
        using var hash = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hash.AppendData(Encoding.UTF8.GetBytes(timestamp));
        hash.AppendData(Encoding.UTF8.GetBytes(":"));
        hash.AppendData(Encoding.UTF8.GetBytes(json));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static Task<HttpResponseMessage> PostWithHeadersAsync(this TelegramBotApp bot, string receiver, string json, string? token, IReadOnlyList<(string Header, string Value)> headers) =>
        bot.PostBytesAsync(receiver, Encoding.UTF8.GetBytes(json), token, headers);

    /// <summary>Posts <paramref name="body"/> byte for byte, as a sender that does not check its own UTF-8 would.</summary>
    public static async Task<HttpResponseMessage> PostBytesAsync(this TelegramBotApp bot, string receiver, byte[] body, string? token = Token, IReadOnlyList<(string Header, string Value)>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{receiver}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (header, value) in headers ?? [])
        {
            request.Headers.Add(header, value);
        }

        using var client = bot.Browser();
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The "detail" of a problem answer.</summary>
    public static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return problem.RootElement.GetProperty("detail").GetString() ?? "";
    }

    public static string Sign(string json, string secret = Secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(json)));

    public static IncidentSuggestions Suggestions(this TelegramBotApp bot) => bot.App.Services.GetRequiredService<IncidentSuggestions>();

    public static IReadOnlyList<ReceivedAlert> Received(this TelegramBotApp bot) => [.. bot.App.Services.GetRequiredService<LiteStore>().Collection<ReceivedAlert>().FindAll()];

    public static IReadOnlyList<IncidentSuggestion> AllSuggestions(this TelegramBotApp bot) => [.. bot.App.Services.GetRequiredService<LiteStore>().Collection<IncidentSuggestion>().FindAll()];

    /// <summary>The staff chat's messages once every due announcement went out.</summary>
    public static async Task<IReadOnlyList<TelegramCall>> StaffMessagesAsync(this TelegramBotApp bot, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (bot.Api.Messages.Count(m => m.ChatId == StaffChat.StaffChatId) < expected || bot.Suggestions().AnyAnnouncementDue())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The staff chat did not get {expected} messages.");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        return [.. bot.Api.Messages.Where(m => m.ChatId == StaffChat.StaffChatId)];
    }
}
