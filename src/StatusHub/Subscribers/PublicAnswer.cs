using Microsoft.Extensions.Options;
using StatusHub.Hosting;
using StatusHub.Localization;
using StatusHub.StatusPage;
using StatusHub.StatusPage.Pages;

namespace StatusHub.Subscribers;

/// <summary>Answers of the public subscription endpoints: a rendered public page, never a bare status code, never cached.</summary>
public static class PublicAnswer
{
    /// <summary>
    /// The answer named <paramref name="answer"/> in the page's language: <c>Answer.&lt;answer&gt;.Title</c>, <c>.Heading</c>,
    /// <c>.Text</c> (with <paramref name="args"/> filled in) and, with a <paramref name="link"/>, <c>.Link</c> from <see cref="PublicText"/>.
    /// </summary>
    public static Task<IResult> Say(HttpContext http, int statusCode, string answer, string? link = null, params object?[] args)
    {
        var words = http.RequestServices.GetRequiredService<PublicText>();
        var key = "Answer." + answer;
        return Message(http, statusCode, words[key + ".Title"], words[key + ".Heading"], words.Format(key + ".Text", args), link, link is null ? null : words[key + ".Link"]);
    }

    public static async Task<IResult> Message(HttpContext http, int statusCode, string title, string heading, string text, string? link = null, string? linkText = null)
    {
        var html = await RenderAsync(http, title, heading, text, link, linkText);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: statusCode);
    }

    /// <summary>
    /// The answer named <paramref name="answer"/> as a question with one button (<c>.Button</c>) that posts to
    /// <paramref name="action"/>: what a link in an email opens, since a mail scanner may follow a link but not press it.
    /// </summary>
    public static async Task<IResult> Ask(HttpContext http, string answer, string action, params object?[] args)
    {
        var words = http.RequestServices.GetRequiredService<PublicText>();
        var key = "Answer." + answer;
        var html = await RenderAsync(http, words[key + ".Title"], words[key + ".Heading"], words.Format(key + ".Text", args), null, null, action, words[key + ".Button"]);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>Why <paramref name="refusal"/> refused a visitor's input, in the page's words (<see cref="PublicLabels.Sentence"/>).</summary>
    public static string Sentence(HttpContext http, Storage.ValidationException refusal) =>
        http.RequestServices.GetRequiredService<PublicText>().Sentence(refusal);

    public static Task<IResult> FormNotReadableAsync(HttpContext http) => Say(http, StatusCodes.Status400BadRequest, "FormNotReadable", "/subscribe");

    /// <summary>The 429 page of the per-IP limit, written straight to the response (the limiter has no endpoint result to return).</summary>
    public static async ValueTask WriteRateLimitedAsync(HttpContext http, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var words = http.RequestServices.GetRequiredService<PublicText>();
        var inWords = retryAfter is { } r ? words.Wait(r) : words["Wait.FewMinutes"];
        var html = await RenderAsync(http, words["Answer.TooMany.Title"], words["Answer.TooMany.Heading"], words.Format("Answer.TooMany.Text", inWords), "/", words["Link.BackToStatus"]);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        if (retryAfter is { } wait)
        {
            RetryAfterHeader.Set(http.Response, wait);
        }

        await http.Response.WriteAsync(html, cancellationToken);
    }

    private static Task<string> RenderAsync(HttpContext http, string title, string heading, string text, string? link, string? linkText, string? action = null, string? button = null)
    {
        var pages = http.RequestServices.GetRequiredService<PublicPageRenderer>();
        var snapshots = http.RequestServices.GetRequiredService<StatusSnapshotService>();
        var page = http.RequestServices.GetRequiredService<IOptions<StatusPageOptions>>().Value;
        return pages.RenderHtmlAsync<MessagePage>(snapshots.Current, page.PageTitle(title), new Dictionary<string, object?>
        {
            [nameof(MessagePage.Heading)] = heading,
            [nameof(MessagePage.Text)] = text,
            [nameof(MessagePage.Link)] = link,
            [nameof(MessagePage.LinkText)] = linkText,
            [nameof(MessagePage.Action)] = action,
            [nameof(MessagePage.Button)] = button,
        });
    }
}
