using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Incidents;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Subscribers;

/// <summary>The whole app with its SMS gateway and webhook secret set, for the public sign-up endpoints.</summary>
public static partial class SubscriptionApp
{
    public const string SmsSecret = "sms-gateway-secret";
    public const string WebhookSecret = "whsec-subscriptions";

    /// <param name="allowPrivateWebhooks">True except in the SSRF tests: every test receiver listens on loopback.</param>
    public static WebApplicationFactory<Program> WithSubscriptions(this StatusHubApp app, HttpReceiver? smsGateway, bool allowPrivateWebhooks = true, IReadOnlyDictionary<string, string>? more = null) =>
        app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("StatusPage:PublicUrl", "https://status.example.com");
            builder.UseSetting("Sms:WebhookUrl", smsGateway?.UrlFor("/sms").ToString() ?? "http://127.0.0.1:9/sms");
            builder.UseSetting("Sms:Secret", SmsSecret);
            builder.UseSetting("Sms:PerSecond", "1000");
            builder.UseSetting("Webhooks:Secret", WebhookSecret);
            builder.UseSetting("Webhooks:PerSecond", "1000");
            builder.UseSetting("Subscribers:AllowPrivateWebhooks", allowPrivateWebhooks ? "true" : "false");
            foreach (var (key, value) in more ?? new Dictionary<string, string>())
            {
                builder.UseSetting(key, value);
            }
        });

    // PostFormAsync and TextAsync live in SubscribeApp.

    public static StatusComponent Component(this WebApplicationFactory<Program> app, string name) =>
        app.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft(name, null, null), "staff@example.net");

    public static Incident OpenIncident(this WebApplicationFactory<Program> app, string title, params string[] componentIds) =>
        app.Services.GetRequiredService<IncidentService>().Open(
            new NewIncident(title, IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "We are looking into it."), componentIds),
            "staff@example.net");

    /// <summary>Waits for the gateway to be asked to text <paramref name="number"/> a code, and returns the code.</summary>
    public static async Task<string> CodeSentToAsync(this HttpReceiver gateway, string number)
    {
        await gateway.WaitUntilAsync(r => r.Any(m => IsCodeFor(m, number)), TimeSpan.FromSeconds(15));
        var text = gateway.Received.Last(m => IsCodeFor(m, number)).Json.GetProperty("text").GetString()!;
        return Code().Match(text).Groups[1].Value;
    }

    public static IEnumerable<string> TextsTo(this HttpReceiver gateway, string number) =>
        gateway.Received.Where(m => m.Json.GetProperty("to").GetString() == number).Select(m => m.Json.GetProperty("text").GetString()!);

    private static bool IsCodeFor(ReceivedRequest request, string number) =>
        request.Json.GetProperty("to").GetString() == number && Code().IsMatch(request.Json.GetProperty("text").GetString()!);

    [GeneratedRegex(@"code is (\d{6})")]
    private static partial Regex Code();
}
