using Microsoft.Extensions.Options;
using StatusHub.StatusPage;
using StatusHub.StatusPage.Pages;
using StatusHub.Storage;

namespace StatusHub.Subscribers;

/// <summary>Short public answers for the sign-up endpoints, rendered without a circuit like every public page.</summary>
public static class SubscriptionPages
{
    /// <summary>Form posts larger than this are refused before they are read.</summary>
    public const int MaxFormBytes = 16 * 1024;

    public const int MaxComponents = 200;

    public static async Task<IResult> Page<TPage>(HttpContext http, int status, string title, Dictionary<string, object?> parameters)
        where TPage : Microsoft.AspNetCore.Components.IComponent =>
        Results.Content(await Render<TPage>(http, title, parameters), "text/html; charset=utf-8", statusCode: status);

    /// <summary>The posted form, or null when it is not a form, gives no length, or is too large to read.</summary>
    public static Task<IFormCollection?> ReadFormAsync(HttpRequest request) =>
        request.ContentLength is null ? Task.FromResult<IFormCollection?>(null) : SubscriptionForms.ReadAsync(request, MaxFormBytes);

    /// <summary>What the form asked to follow, read the same way as the email form (group boxes included).</summary>
    public static (bool All, IReadOnlyList<string> ComponentIds) Following(HttpContext http, IFormCollection form)
    {
        var components = form["components"].OfType<string>().Where(id => id.Length > 0).ToList();
        if (components.Count > MaxComponents || components.Any(id => id.Length > 100))
        {
            throw new ValidationException($"Choose at most {MaxComponents} components.");
        }

        var choice = SubscriptionChoice.From(form, http.RequestServices.GetRequiredService<StatusSnapshotService>().Current);
        return (choice.All, choice.ComponentIds);
    }

    /// <summary>
    /// The subscribe page again with why the post was refused, filled in as it was sent (address, number, URL, the
    /// components ticked): nothing typed is lost, as on Contact us. 400, never cached: it holds what the visitor typed.
    /// </summary>
    public static async Task<IResult> SubscribeAgainAsync(HttpContext http, IFormCollection form, ValidationException refusal)
    {
        var services = http.RequestServices;
        var page = services.GetRequiredService<IOptions<StatusPageOptions>>().Value;
        http.Response.Headers.CacheControl = "no-store";
        return await Page<Pages.SubscribePage>(http, StatusCodes.Status400BadRequest, page.PageTitle(page.Words["Nav.Subscribe"]), new Dictionary<string, object?>
        {
            [nameof(Pages.SubscribePage.Channels)] = services.GetRequiredService<SignUpChannels>().Offered(),
            [nameof(Pages.SubscribePage.Error)] = PublicAnswer.Sentence(http, refusal),
            [nameof(Pages.SubscribePage.Typed)] = SubscriptionChoice.Typed(form, services.GetRequiredService<StatusSnapshotService>().Current),
            [nameof(Pages.SubscribePage.Email)] = form["email"].ToString(),
            [nameof(Pages.SubscribePage.Phone)] = form["phone"].ToString(),
            [nameof(Pages.SubscribePage.Url)] = form["url"].ToString(),
        });
    }

    private static Task<string> Render<TPage>(HttpContext http, string title, Dictionary<string, object?> parameters)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var services = http.RequestServices;
        return services.GetRequiredService<PublicPageRenderer>().RenderHtmlAsync<TPage>(services.GetRequiredService<StatusSnapshotService>().Current, title, parameters);
    }
}
