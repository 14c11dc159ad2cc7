using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Email;
using StatusHub.Storage;

namespace StatusHub.Subscribers;

public static class UnsubscribeEndpoints
{
    /// <summary>GET shows a confirmation button; POST (the button, or a mail client's RFC 8058 one-click) unsubscribes.</summary>
    public static IEndpointRouteBuilder MapUnsubscribe(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/unsubscribe", (string? token, HttpContext http, UnsubscribeLinks links) =>
            links.AddressFrom(token) is { } address
                ? PublicAnswer.Ask(http, "Unsubscribe", $"/unsubscribe?token={Uri.EscapeDataString(token!)}", address)
                : PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "UnsubscribeInvalid"));

        endpoints.MapPost("/unsubscribe", async (string? token, HttpContext http, UnsubscribeLinks links, LiteStore store, TimeProvider time, SubscriberService subscribers, IOptionsMonitor<EmailOptions> email) =>
        {
            if (links.AddressFrom(token) is not { } address)
            {
                return await PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "UnsubscribeInvalid");
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

            return await PublicAnswer.Say(http, StatusCodes.Status200OK, "Unsubscribed", null, address);
        }).DisableAntiforgery();

        return endpoints;
    }
}
