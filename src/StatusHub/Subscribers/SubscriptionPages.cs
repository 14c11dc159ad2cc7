using StatusHub.StatusPage;
using StatusHub.StatusPage.Pages;

namespace StatusHub.Subscribers;

/// <summary>Short public answers for the sign-up endpoints, rendered without a circuit like every public page.</summary>
public static class SubscriptionPages
{
    /// <summary>Form posts larger than this are refused before they are read.</summary>
    public const int MaxFormBytes = 16 * 1024;

    public const int MaxComponents = 200;

    public static async Task<IResult> Message(HttpContext http, int status, string heading, string text) =>
        Results.Content(await Render<MessagePage>(http, heading, new()
        {
            [nameof(MessagePage.Heading)] = heading,
            [nameof(MessagePage.Text)] = text,
        }), "text/html; charset=utf-8", statusCode: status);

    public static async Task<IResult> Page<TPage>(HttpContext http, int status, string title, Dictionary<string, object?> parameters)
        where TPage : Microsoft.AspNetCore.Components.IComponent =>
        Results.Content(await Render<TPage>(http, title, parameters), "text/html; charset=utf-8", statusCode: status);

    /// <summary>The posted form, or null when it is not a form or is too large to read.</summary>
    public static async Task<IFormCollection?> ReadFormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType || request.ContentLength is null or > MaxFormBytes)
        {
            return null;
        }

        try
        {
            return await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Which components a form follows: <c>all</c> = "true" (or absent with no <c>components</c>) means every one.</summary>
    /// <summary>What the form asked to follow, read the same way as the email form (group boxes included).</summary>
    public static (bool All, IReadOnlyList<string> ComponentIds) Following(HttpContext http, IFormCollection form)
    {
        var components = form["components"].OfType<string>().Where(id => id.Length > 0).ToList();
        if (components.Count > MaxComponents || components.Any(id => id.Length > 100))
        {
            throw new Storage.ValidationException($"Choose at most {MaxComponents} components.");
        }

        var choice = SubscriptionChoice.From(form, http.RequestServices.GetRequiredService<StatusSnapshotService>().Current);
        return (choice.All, choice.ComponentIds);
    }

    public static string Describe(TimeSpan wait) =>
        wait <= TimeSpan.FromMinutes(1) ? "a minute" : $"{Math.Ceiling(wait.TotalMinutes):0} minutes";

    private static Task<string> Render<TPage>(HttpContext http, string title, Dictionary<string, object?> parameters)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var services = http.RequestServices;
        return services.GetRequiredService<PublicPageRenderer>().RenderHtmlAsync<TPage>(services.GetRequiredService<StatusSnapshotService>().Current, title, parameters);
    }
}
