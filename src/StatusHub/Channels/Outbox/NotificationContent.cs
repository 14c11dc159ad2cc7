using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using StatusHub.Channels.Templates;

namespace StatusHub.Channels.Outbox;

/// <summary>
/// Everything a channel may say about one event: the Liquid model the templates see and the
/// Statuspage-shaped JSON webhooks receive. Each feature builds its own notices (<c>IncidentNotice</c>, <c>MaintenanceNotice</c>, …)
/// from the pieces here; what is left below needs nothing but the page.
/// </summary>
public sealed record NotificationContent(
    NotificationEvent Event,
    string Title,
    string? Subject,
    string? UpdateId,
    IReadOnlyList<string> ComponentIds,
    IReadOnlyDictionary<string, object?> Model,
    JsonObject WebhookPayload)
{
    public string Url => (string)Model["url"]!;

    public string ShortUrl => (string)Model["short_url"]!;

    /// <summary>A "send test message" notice for the channel health view.</summary>
    public static NotificationContent ForTest(PageInfo page, string requestedBy)
    {
        var model = BaseModel(NotificationEvent.Test, page, "Test message", page.Url, page.Url);
        model["title"] = LocalText.Word("title.test");
        model["requested_by"] = requestedBy;
        var payload = new JsonObject { ["meta"] = new JsonObject { ["test"] = true }, ["page"] = new JsonObject { ["name"] = page.Name, ["url"] = page.Url } };
        return new NotificationContent(NotificationEvent.Test, "Test message", null, null, [], model, payload);
    }

    /// <summary>A confirmation code for one person signing up; the code is in the model as <c>code</c>.</summary>
    public static NotificationContent ForConfirmationCode(PageInfo page, string code, TimeSpan validFor)
    {
        var model = BaseModel(NotificationEvent.ConfirmationCode, page, "Confirmation code", page.Url, page.Url);
        model["title"] = LocalText.Word("title.confirmation_code");
        model["code"] = code;
        model["valid_minutes"] = (int)validFor.TotalMinutes;
        var payload = new JsonObject { ["page"] = new JsonObject { ["name"] = page.Name, ["url"] = page.Url } };
        return new NotificationContent(NotificationEvent.ConfirmationCode, "Confirmation code", null, null, [], model, payload);
    }

    /// <summary>
    /// The answer to a sign-up, for the one address that asked: a link to confirm, or, when it is already
    /// subscribed (<paramref name="confirmUrl"/> null), a reminder; the preferences link is added per recipient.
    /// </summary>
    public static NotificationContent ForSubscription(PageInfo page, string? confirmUrl, DateTime? confirmBy, LocalText following)
    {
        var url = confirmUrl ?? page.Url;
        var title = confirmUrl is null ? "You are already subscribed" : "Confirm your subscription";
        var model = BaseModel(NotificationEvent.SubscriptionConfirmation, page, title, url, url);
        model["title"] = LocalText.Word(confirmUrl is null ? "title.already_subscribed" : "title.confirm_subscription");
        model["subscription"] = new Dictionary<string, object?>
        {
            ["confirm_url"] = confirmUrl,
            ["confirm_by"] = confirmBy is { } by ? LocalText.Moment(by, page.Zone) : null,
            ["already_active"] = confirmUrl is null,
            ["following"] = following,
        };
        var payload = new JsonObject { ["page"] = new JsonObject { ["name"] = page.Name, ["url"] = page.Url } };
        return new NotificationContent(NotificationEvent.SubscriptionConfirmation, title, null, null, [], model, payload);
    }

    /// <summary>What every template sees: the event, the title, where it points and the page.</summary>
    public static Dictionary<string, object?> BaseModel(NotificationEvent notificationEvent, PageInfo page, string title, string url, string shortUrl) => new()
    {
        ["event"] = notificationEvent.ToWire(),
        ["title"] = title,
        ["url"] = url,
        ["short_url"] = shortUrl,
        ["page"] = new Dictionary<string, object?> { ["name"] = page.Name, ["url"] = page.Url, ["contact_url"] = page.ContactUrl },
    };

    /// <summary>Statuspage's <c>meta</c> and <c>page</c> fields; <paramref name="statusIndicator"/> is the page's status on the wire once the write is saved.</summary>
    public static JsonObject WebhookMeta(PageInfo page, string statusIndicator, string statusDescription) => new()
    {
        ["meta"] = new JsonObject { ["documentation"] = page.Link("/") },
        ["page"] = new JsonObject
        {
            ["name"] = page.Name,
            ["url"] = page.Url,
            ["status_indicator"] = statusIndicator,
            ["status_description"] = statusDescription,
        },
    };

    /// <summary>Statuspage's time format, <c>2026-11-23T20:31:09.123Z</c>.</summary>
    public static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public string WebhookJson() => WebhookPayload.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
