using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Email;
using StatusHub.StatusPage;
using StatusHub.StatusPage.Pages;
using StatusHub.Storage;

namespace StatusHub.Subscribers;

public static class UnsubscribeEndpoints
{
    /// <summary>GET shows a confirmation button; POST (the button, or a mail client's RFC 8058 one-click) unsubscribes.</summary>
    public static IEndpointRouteBuilder MapUnsubscribe(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/unsubscribe", async (string? token, HttpContext http, UnsubscribeLinks links, PublicPageRenderer pages, StatusSnapshotService snapshots) =>
        {
            var address = links.AddressFrom(token);
            var html = address is null
                ? await pages.RenderHtmlAsync<MessagePage>(snapshots.Current, "Unsubscribe", Message("This unsubscribe link is not valid", "It may have been cut short by your mail program. Copy the whole link from the email and try again."))
                : await pages.RenderHtmlAsync<MessagePage>(snapshots.Current, "Unsubscribe", Message("Stop status emails?", $"No more status notices will be sent to {address}.", $"/unsubscribe?token={Uri.EscapeDataString(token!)}", "Unsubscribe"));
            return Results.Content(html, "text/html; charset=utf-8", statusCode: address is null ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
        });

        endpoints.MapPost("/unsubscribe", async (string? token, HttpContext http, UnsubscribeLinks links, LiteStore store, TimeProvider time, PublicPageRenderer pages, StatusSnapshotService snapshots, SubscriberService subscribers, IOptionsMonitor<EmailOptions> email) =>
        {
            var address = links.AddressFrom(token);
            if (address is null)
            {
                return Results.Content(
                    await pages.RenderHtmlAsync<MessagePage>(snapshots.Current, "Unsubscribe", Message("This unsubscribe link is not valid", "Copy the whole link from the email and try again.")),
                    "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }

            // A subscriber leaving is deleted, address and all; only an address that would still be mailed
            // (listed in Email:Recipients, or not a subscriber at all) is kept, as a suppression.
            var wasSubscriber = subscribers.Remove(Subscriber.KeyFor(ChannelNames.Email, address), actor: address);
            var listed = email.CurrentValue.Recipients.Any(r => string.Equals(r.Trim(), address, StringComparison.OrdinalIgnoreCase));
            if (!wasSubscriber || listed)
            {
                var now = time.GetUtcNow().UtcDateTime;
                store.Write(scope =>
                {
                    scope.Collection<EmailSuppression>().Upsert(new EmailSuppression { Id = address, At = now });
                    Audit.AuditWriteScopeExtensions.Audit(scope, now, address, "email.unsubscribed", $"email:{address}");
                }, affectsStatusPage: false);
            }

            return Results.Content(
                await pages.RenderHtmlAsync<MessagePage>(snapshots.Current, "Unsubscribed", Message("You are unsubscribed", $"{address} will get no more status emails.")),
                "text/html; charset=utf-8");
        }).DisableAntiforgery();

        return endpoints;
    }

    private static Dictionary<string, object?> Message(string heading, string text, string? action = null, string? button = null) => new()
    {
        [nameof(MessagePage.Heading)] = heading,
        [nameof(MessagePage.Text)] = text,
        [nameof(MessagePage.Action)] = action,
        [nameof(MessagePage.Button)] = button,
    };
}
