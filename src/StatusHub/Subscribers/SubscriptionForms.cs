using Microsoft.AspNetCore.Http.Features;
using StatusHub.Channels.Templates;
using StatusHub.Localization;
using StatusHub.StatusPage;
using StatusHub.Storage;

namespace StatusHub.Subscribers;

/// <summary>
/// What a public subscribe or preferences form asked to follow. Fields: <c>all</c> ("true"/"false"),
/// <c>components</c> (repeated component ids) and <c>groups</c> (repeated group ids: the group-level box,
/// meaning every component in it today). Ticking anything means "only these"; "all" follows components added later.
/// The hidden <c>language</c> field says which language's page the form was on (<see cref="LanguageOf"/>).
/// </summary>
public sealed record SubscriptionChoice(bool All, IReadOnlyList<string> ComponentIds)
{
    /// <summary>The form's language when it is one StatusHub ships; null (the page's language) for none or anything else.</summary>
    public static string? LanguageOf(IFormCollection form) => Languages.Normalize(form["language"].ToString());

    public static SubscriptionChoice From(IFormCollection form, StatusSnapshot snapshot)
    {
        var typed = Typed(form, snapshot);
        return typed is { All: false, ComponentIds.Count: 0 } ? throw NoComponent() : typed;
    }

    /// <summary>What the form holds, as it was ticked, even when that is "only these" with none: to show the form again.</summary>
    public static SubscriptionChoice Typed(IFormCollection form, StatusSnapshot snapshot)
    {
        var groups = form["groups"].OfType<string>().ToHashSet(StringComparer.Ordinal);
        var ids = form["components"].OfType<string>()
            .Concat(snapshot.Groups.Where(g => g.Group is { } group && groups.Contains(group.Id)).SelectMany(g => g.Components).Select(c => c.Id))
            .Where(id => id.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return ids.Count > 0 ? new(false, ids) : new(!string.Equals(form["all"], "false", StringComparison.OrdinalIgnoreCase), []);
    }

    /// <summary>"Only these" with none ticked, wherever a choice is checked (a form, the management API, the bot's link).</summary>
    public static ValidationException NoComponent() =>
        new("Choose at least one component, or all of them.") { TextKey = "Invalid.NoComponent" };

    /// <summary>"all components" or "API, Webmail", for messages to the subscriber (in their language).</summary>
    public static LocalText Following(bool all, IEnumerable<string> componentIds, StatusSnapshot snapshot) =>
        all ? LocalText.Word("following.all") : snapshot.ComponentNames(componentIds);

    /// <summary>"all components" or "API, Webmail", for a public page (in <paramref name="text"/>'s language, English by default).</summary>
    public static string Describe(bool all, IEnumerable<string> componentIds, StatusSnapshot snapshot, Localization.PublicText? text = null) =>
        all ? (text ?? Localization.PublicText.English)["Follow.AllDescribed"] : snapshot.ComponentNames(componentIds);
}

/// <summary>Reads the small public forms with hard limits, so nobody can make the server hold a large body.</summary>
public static class SubscriptionForms
{
    public const long MaxBodyBytes = 32 * 1024;

    private static readonly FormOptions Limits = new()
    {
        ValueCountLimit = 500,
        KeyLengthLimit = 64,
        ValueLengthLimit = 4 * 1024,
        MultipartBodyLengthLimit = MaxBodyBytes,
        MultipartHeadersLengthLimit = 4 * 1024,
        BufferBody = false,
    };

    /// <summary>The form, or null when the request is not a form or breaks a limit (<paramref name="limits"/>: these forms' own).</summary>
    public static async Task<IFormCollection?> ReadAsync(HttpRequest request, long maxBytes = MaxBodyBytes, FormOptions? limits = null)
    {
        if (!request.HasFormContentType || request.ContentLength > maxBytes)
        {
            return null;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes;
        }

        try
        {
            return await request.ReadFormAsync(limits ?? Limits, request.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or InvalidOperationException)
        {
            return null;
        }
    }
}
