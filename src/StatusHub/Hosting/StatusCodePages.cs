using Microsoft.AspNetCore.Diagnostics;
using StatusHub.ManageApi;
using StatusHub.Text;

namespace StatusHub.Hosting;

/// <summary>
/// The public "not found" page for answers that carry no body of their own; under <c>/api/</c> such an answer is a problem
/// (RFC 7807) in the shape the management API answers in, since a program reads it, not a browser.
/// </summary>
public static class StatusCodePages
{
    public static WebApplication UsePublicStatusCodePages(this WebApplication app)
    {
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // A browser's GET or HEAD passes straight on (no frame of its own); only other methods, and the API, are looked at afterwards.
        app.Use((context, next) => context.Request.Path.StartsWithSegments("/api")
            ? AnswerAsProblemAsync(context, next)
            : HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                ? next(context)
                : KeepMethodNotAllowedAsync(context, next));
        return app;
    }

    /// <summary>
    /// A method the path does not serve keeps routing's 405 and its Allow header: re-executed, /not-found answered
    /// PUT /contact with its own "Allow: GET, HEAD".
    /// </summary>
    private static async Task KeepMethodNotAllowedAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
        {
            DisableStatusCodePage(context);
        }
    }

    /// <summary>
    /// An API answer without a body (routing's 404 or 405, a bare NotFound) becomes a problem saying what is wrong: the
    /// HTML page, or a re-executed POST that /not-found refused with "Allow: GET, HEAD", told a client nothing true.
    /// </summary>
    private static async Task AnswerAsProblemAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        var response = context.Response;
        if (response.StatusCode < 400 || response.HasStarted || response.ContentLength > 0 || response.ContentType is not null)
        {
            return;
        }

        DisableStatusCodePage(context);
        if (response.StatusCode == StatusCodes.Status404NotFound &&
            ManageRoutes.MethodsServing(context.RequestServices.GetRequiredService<EndpointDataSource>(), "/api/", context.Request.Path.Value ?? "") is { Count: > 0 } allowed)
        {
            // Routing hands a GET of a POST-only path to the pages (a browser's GET gets the not-found page); a client is told the method.
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = string.Join(", ", allowed);
        }

        var path = Ellipsis.Shorten(context.Request.Path.Value ?? "", 60);
        var detail = response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"There is no endpoint at {path}.",
            StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not served at {path}; use {string.Join(" or ", response.Headers.Allow.ToString().Split(", "))}.",
            _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(response.StatusCode),
        };
        await ApiProblems.Result(response.StatusCode, detail).ExecuteAsync(context);
    }

    private static void DisableStatusCodePage(HttpContext context)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
    }
}
