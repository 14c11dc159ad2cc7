using Microsoft.Extensions.Options;
using StatusHub.StatusPage;
using StatusHub.StatusPage.Pages;

namespace StatusHub.Subscribers;

/// <summary>Answers of the public subscription endpoints: a rendered public page, never a bare status code, never cached.</summary>
public static class PublicAnswer
{
    public static async Task<IResult> Message(HttpContext http, int statusCode, string title, string heading, string text, string? link = null, string? linkText = null)
    {
        var html = await RenderAsync(http, title, heading, text, link, linkText);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: statusCode);
    }

    public static Task<IResult> FormNotReadableAsync(HttpContext http) => Message(http, StatusCodes.Status400BadRequest, "Form not readable",
        "We could not read that form", "Fill in the form on the subscribe page and send it again.", "/subscribe", "Back to the form");

    public static Task<IResult> TooManyAsync(HttpContext http, string text) =>
        Message(http, StatusCodes.Status429TooManyRequests, "Too many requests", "Too many requests", text, "/", "Back to the status page");

    /// <summary>The 429 page of the per-IP limit, written straight to the response (the limiter has no endpoint result to return).</summary>
    public static async ValueTask WriteRateLimitedAsync(HttpContext http, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var wait = retryAfter is { TotalMinutes: >= 1 } r ? $"{Math.Ceiling(r.TotalMinutes)} minutes" : "a few minutes";
        var html = await RenderAsync(http, "Too many requests", "Too many requests",
            $"There have been many subscription requests from your network. Please wait {wait} and try again.", "/", "Back to the status page");
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        if (retryAfter is { } seconds)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(seconds.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await http.Response.WriteAsync(html, cancellationToken);
    }

    private static Task<string> RenderAsync(HttpContext http, string title, string heading, string text, string? link, string? linkText)
    {
        var pages = http.RequestServices.GetRequiredService<PublicPageRenderer>();
        var snapshots = http.RequestServices.GetRequiredService<StatusSnapshotService>();
        var name = http.RequestServices.GetRequiredService<IOptions<StatusPageOptions>>().Value.Name;
        return pages.RenderHtmlAsync<MessagePage>(snapshots.Current, $"{title} · {name} status", new Dictionary<string, object?>
        {
            [nameof(MessagePage.Heading)] = heading,
            [nameof(MessagePage.Text)] = text,
            [nameof(MessagePage.Link)] = link,
            [nameof(MessagePage.LinkText)] = linkText,
        });
    }
}
