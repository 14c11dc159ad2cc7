using Microsoft.AspNetCore.Diagnostics;

namespace StatusHub.Hosting;

/// <summary>The public "not found" page for answers that carry no body of their own.</summary>
public static class StatusCodePages
{
    public static WebApplication UsePublicStatusCodePages(this WebApplication app)
    {
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // A browser's GET or HEAD passes straight on (no frame of its own); only other methods are looked at afterwards.
        app.Use((context, next) => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
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
        if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
    }
}
