using Microsoft.AspNetCore.Diagnostics;

namespace StatusHub.Hosting;

/// <summary>The public "not found" page for answers that carry no body of their own.</summary>
public static class StatusCodePages
{
    public static WebApplication UsePublicStatusCodePages(this WebApplication app)
    {
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use(async (context, next) =>
        {
            await next(context);
            // A method the path does not serve, asked by anything but a browser's GET or HEAD, keeps routing's 405 and
            // its Allow header: re-executed, /not-found answered PUT /contact with its own "Allow: GET, HEAD".
            if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed
                && !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }
        });
        return app;
    }
}
