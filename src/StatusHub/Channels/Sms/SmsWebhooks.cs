using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;

namespace StatusHub.Channels.Sms;

/// <summary>
/// What SMS providers post to StatusHub, read the same way for each: the delivery reports here, the inbound texts (STOP) by
/// the subscribers' endpoint. The provider <c>Sms:Provider</c> picks checks the signature and reads the shape.
/// </summary>
public static class SmsWebhooks
{
    public const int MaxBodyChars = 16 * 1024;

    public static IEndpointRouteBuilder MapSmsStatus(this IEndpointRouteBuilder endpoints)
    {
        // MessageBird reports with GET, the others POST.
        endpoints.MapMethods(SmsChannel.StatusPath, [HttpMethods.Get, HttpMethods.Post], StatusAsync).DisableAntiforgery();
        return endpoints;
    }

    /// <summary>
    /// Reads the request as the provider signed it (<see cref="SmsWebhookRequest"/>) and lets the configured provider check
    /// and read it; an answer (401, 413, 400, 503) when that cannot be done.
    /// </summary>
    public static async Task<(SmsCallback? Callback, IResult? Refusal)> ReadAsync(HttpRequest request, SmsOptions options, PageInfo page, TimeProvider time)
    {
        if (options.Gateway is not { } gateway || gateway.Problem(options) is not null)
        {
            return (null, Results.Json(new { error = "text messages are not set up here" }, statusCode: StatusCodes.Status503ServiceUnavailable));
        }

        if (request.ContentLength is > MaxBodyChars)
        {
            return (null, Results.Json(new { error = $"at most {MaxBodyChars} bytes" }, statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        var buffer = new char[MaxBodyChars + 1];
        using var reader = new StreamReader(request.Body);
        var read = await reader.ReadBlockAsync(buffer, request.HttpContext.RequestAborted);
        if (read > MaxBodyChars)
        {
            return (null, Results.Json(new { error = $"at most {MaxBodyChars} bytes" }, statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        var body = new string(buffer, 0, read);
        var parameters = request.HasFormContentType
            ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body)
            : Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString.Value);
        var signed = new SmsWebhookRequest(
            request.Method,
            // Behind a proxy the request's own host is not what the provider called: the page's public address is.
            new Uri(page.Url.TrimEnd('/') + request.Path + request.QueryString),
            body,
            parameters.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        return gateway.Read(options, signed, time.GetUtcNow()) switch
        {
            // A body, so the status code pages do not turn the answer into an HTML page for a machine.
            SmsCallback.Refused refused => (null, Results.Json(new { error = refused.Why }, statusCode: StatusCodes.Status401Unauthorized)),
            SmsCallback.Malformed malformed => (null, Results.BadRequest(new { error = malformed.Why })),
            var callback => (callback, null),
        };
    }

    private static async Task<IResult> StatusAsync(HttpContext http, IOptionsMonitor<SmsOptions> sms, IPageAddress page, DeliveryReceipts receipts, TimeProvider time)
    {
        var (callback, refusal) = await ReadAsync(http.Request, sms.CurrentValue, page.Page, time);
        return refusal ?? (callback is SmsCallback.Receipt receipt
            ? Results.Ok(new { recorded = await receipts.RecordAsync(ChannelNames.Sms, receipt.MessageId, receipt.Delivered, receipt.Error, http.RequestAborted) })
            : Results.Ok(new { recorded = false }));
    }
}
