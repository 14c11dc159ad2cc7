using StatusHub.Channels;
using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.Storage;

namespace StatusHub.ManageApi;

/// <summary>
/// <c>/drafts</c>: the draft incidents monitoring suggested (never public until published), to read and to decide on as
/// on the staff pages and in the staff chat: published once (a second publish or dismiss is a 409), from the version read
/// when one is given (changed since: 409), audited under the API key. <c>/incidents/{id}/monitoring</c>: what monitoring said
/// about an incident (the draft that opened it, alerts added to it, their notes, "resolve suggested").
/// </summary>
public static class DraftEndpoints
{
    private const string Path = "/drafts";
    private const string Via = "through the API";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet(Path, (HttpContext http, IncidentSuggestions suggestions) =>
                ManageEndpoints.Ok(suggestions.Drafts(ManageEndpoints.PageIndex(http)).Page.Select(ToApi).ToList()))
            .Takes(ManageQuery.Page).Produces<IReadOnlyList<ApiDraft>>();
        api.MapGet(Path + "/{id}", (string id, IncidentSuggestions suggestions) => ManageEndpoints.Ok(ToApi(suggestions.Get(id))))
            .Produces<ApiDraft>();
        api.MapGet("/incidents/{id}/monitoring", (string id, IncidentService incidents, IncidentSuggestions suggestions) =>
                ManageEndpoints.Ok(suggestions.For(incidents.Get(id).Id).Select(ToApi).ToList()))
            .Produces<IReadOnlyList<ApiDraft>>();
        api.MapPost(Path + "/{id}/publish", PublishAsync).RequireAuthorization(ManageApiExtensions.WritePolicy)
            .WithMetadata(new ManageEndpoints.JsonBody(typeof(DraftBody))).Produces<ApiDraft>();
        api.MapPost(Path + "/{id}/dismiss", DismissAsync).RequireAuthorization(ManageApiExtensions.WritePolicy)
            .WithMetadata(new ManageEndpoints.JsonBody(typeof(DraftBody))).Produces<ApiDraft>();
    }

    /// <summary>Publishes the draft as suggested; <c>name</c> and <c>body</c> reword it, <c>deliver_notifications: false</c> keeps it off the channels.</summary>
    private static async Task<IResult> PublishAsync(string id, HttpContext http, IncidentSuggestions suggestions)
    {
        var fields = await ReadAsync(http);
        var draft = suggestions.Get(id);
        var incident = IncidentSuggestions.AsIncident(draft);
        incident = incident with
        {
            Title = fields.Name ?? incident.Title,
            FirstUpdate = incident.FirstUpdate with { Body = fields.Body ?? incident.FirstUpdate.Body },
        };
        Decide(id, suggestions, () => suggestions.Publish(id, incident, ManageEndpoints.ActorOf(http), fields.DeliverNotifications == false ? PublishChoice.Silent : null, fields.Version, Via));
        return ManageEndpoints.Ok(ToApi(suggestions.Get(id)));
    }

    private static async Task<IResult> DismissAsync(string id, HttpContext http, IncidentSuggestions suggestions)
    {
        var fields = await ReadAsync(http);
        Decide(id, suggestions, () => suggestions.Dismiss(id, ManageEndpoints.ActorOf(http), fields.Version, Via));
        return ManageEndpoints.Ok(ToApi(suggestions.Get(id)));
    }

    /// <summary>A draft someone published or dismissed already is a conflict with what the caller wants, not a bad request.</summary>
    private static void Decide(string id, IncidentSuggestions suggestions, Action decide)
    {
        try
        {
            decide();
        }
        catch (ValidationException ex) when (suggestions.Find(id) is { IsDraft: false })
        {
            throw new ConflictException(ex.Message);
        }
    }

    /// <summary>The body is optional: none, or <c>{}</c>, publishes or dismisses the draft as it is now.</summary>
    private static async Task<DraftFields> ReadAsync(HttpContext http) =>
        (http.Request.ContentLength is null or 0 && !http.Request.HasJsonContentType() ? null : (await ManageBodyReader.ReadAsync<DraftBody>(http)).Draft)
        ?? new DraftFields(null, null, null, null);

    private static ApiDraft ToApi(IncidentSuggestion s) => new(
        s.Id,
        s.State switch
        {
            SuggestionState.Draft => "draft",
            SuggestionState.Published => "published",
            SuggestionState.Dismissed => "dismissed",
            _ => "on_incident",
        },
        s.Source,
        s.Title,
        s.Impact.ToWire(),
        s.FirstUpdate,
        s.Details,
        s.ComponentIds,
        s.Fingerprints,
        s.Count,
        Utc(s.FiringSince),
        Utc(s.CreatedAt),
        Utc(s.UpdatedAt),
        s.ResolveSuggestedAt is { } resolve ? Utc(resolve) : null,
        s.IncidentId,
        s.DecidedBy,
        s.DecidedAt is { } decided ? Utc(decided) : null,
        s.MutedUntil is { } muted ? Utc(muted) : null,
        s.Notes.Select(n => new ApiSuggestionNote(Utc(n.At), n.Source, n.Text)).ToList(),
        s.Version);

    // LiteDB hands DateTime back as local time.
    private static DateTime Utc(DateTime at) => at.ToUniversalTime();
}
