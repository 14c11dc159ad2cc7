using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StatusHub.StatusPage;
using StatusHub.StatusPage.Pages;
using StatusHub.Storage;

namespace StatusHub.Hosting;

/// <summary>
/// The one place a write refused by read-only mode (<see cref="ReadOnlyException"/>, thrown by the store) becomes an HTTP
/// answer, whichever endpoint asked for the write: 503 with Retry-After, as an RFC 7807 problem carrying the sentence (why,
/// since when) for the APIs and staff, and as the public message page for visitors (sign-up, Contact us), which names no
/// staff member. Alertmanager and the other alert senders retry a 503, so an alert sent meanwhile is not lost.
/// </summary>
public static class ReadOnlyAnswers
{
    public static IApplicationBuilder UseReadOnlyAnswers(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        try
        {
            await next(http);
        }
        catch (ReadOnlyException ex) when (!http.Response.HasStarted)
        {
            await WriteAsync(http, ex.State);
        }
    });

    /// <summary>What a visitor reads: no staff name, no reason typed for colleagues.</summary>
    public static string PublicSentence(ReadOnlyState state) =>
        $"This status page takes no changes for a while (since {state.Since.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}), for maintenance. Nothing was saved; please try again later.";

    private static async Task WriteAsync(HttpContext http, ReadOnlyState state)
    {
        http.Response.Clear();
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        RetryAfterHeader.Set(http.Response, ReadOnlyState.RetryAfter);
        http.Response.Headers.CacheControl = "no-store";
        var sentence = http.User.Identity?.IsAuthenticated == true || http.Request.Path.StartsWithSegments("/api") ? state.Sentence : PublicSentence(state);
        if (!http.Request.Path.StartsWithSegments("/api") && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(await RenderAsync(http, sentence), http.RequestAborted);
            return;
        }

        await http.Response.WriteAsJsonAsync(
            new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Read-only",
                Detail = sentence,
                Type = "https://httpstatuses.io/503",
            },
            options: null,
            contentType: "application/problem+json",
            cancellationToken: http.RequestAborted);
    }

    private static Task<string> RenderAsync(HttpContext http, string text)
    {
        var pages = http.RequestServices.GetRequiredService<PublicPageRenderer>();
        var snapshots = http.RequestServices.GetRequiredService<StatusSnapshotService>();
        var name = http.RequestServices.GetRequiredService<IOptions<StatusPageOptions>>().Value.Name;
        return pages.RenderHtmlAsync<MessagePage>(snapshots.Current, $"Try again later · {name} status", new Dictionary<string, object?>
        {
            [nameof(MessagePage.Heading)] = "Please try again later",
            [nameof(MessagePage.Text)] = text,
            [nameof(MessagePage.Link)] = "/",
            [nameof(MessagePage.LinkText)] = "Back to the status page",
        });
    }
}
