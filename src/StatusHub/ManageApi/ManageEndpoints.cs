using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Incidents;
using StatusHub.Incidents.Templates;
using StatusHub.Localization;
using StatusHub.Maintenance;
using StatusHub.PublicApi;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Subscribers.Staff;
using StatusHub.Text;

namespace StatusHub.ManageApi;

/// <summary>
/// <c>/api/manage/v1</c>: components, incidents, maintenance and subscribers for automation, modelled on Statuspage's
/// manage API. Writes go through the same services as the staff pages, so they are audited and published through the
/// channels the same way; answers are the public v2 objects. Every failure is an RFC 7807 problem.
/// </summary>
public static class ManageEndpoints
{
    public const string Prefix = "/api/manage/v1";

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix)
            .RequireAuthorization(ManageApiExtensions.ReadPolicy)
            .DisableAntiforgery()
            .AddEndpointFilter(NoStore)
            .AddEndpointFilter(ApiProblems.Filter)
            .WithTags("Management API");

        api.MapGet("/components", ([AsParameters] Context c) => Ok(c.V2().Components)).Produces<IReadOnlyList<V2Component>>();
        api.MapGet("/components/{id}", (string id, [AsParameters] Context c) => Ok(c.V2().Component(id) ?? throw new NotFoundException($"There is no component with id '{id}'.")))
            .Produces<V2Component>();
        api.MapPost("/components", CreateComponentAsync).RequireAuthorization(ManageApiExtensions.WritePolicy)
            .WithMetadata(new JsonBody(typeof(ComponentBody))).Produces<V2Component>(StatusCodes.Status201Created);
        api.MapPatch("/components/{id}", UpdateComponentAsync).RequireAuthorization(ManageApiExtensions.WritePolicy)
            .WithMetadata(new JsonBody(typeof(ComponentBody))).Produces<V2Component>();

        api.MapGet("/incidents", ([AsParameters] Context c) => Ok(c.Incidents.Recent(PageIndex(c.Http)).Select(c.V2().Incident).ToList()))
            .Takes(ManageQuery.Page).Produces<IReadOnlyList<V2Incident>>();
        api.MapGet("/incidents/{id}", (string id, [AsParameters] Context c) => Ok(c.V2().Incident(c.Incidents.Get(id)))).Produces<V2Incident>();
        api.MapPost("/incidents", CreateIncidentAsync).RequireAuthorization(ManageApiExtensions.WritePolicy)
            .WithMetadata(new JsonBody(typeof(IncidentBody))).Produces<V2Incident>(StatusCodes.Status201Created);
        api.MapPatch("/incidents/{id}", UpdateIncidentAsync).RequireAuthorization(ManageApiExtensions.WritePolicy)
            .WithMetadata(new JsonBody(typeof(IncidentBody))).Produces<V2Incident>();

        IncidentTemplateEndpoints.Map(api);
        DraftEndpoints.Map(api);

        api.MapGet("/maintenances", ([AsParameters] Context c) => Ok(c.Maintenance.All().Select(c.V2().Maintenance).ToList())).Produces<IReadOnlyList<V2Maintenance>>();
        api.MapGet("/maintenances/{id}", (string id, [AsParameters] Context c) => Ok(c.V2().Maintenance(c.Maintenance.Get(id)))).Produces<V2Maintenance>();
        api.MapPost("/maintenances", CreateMaintenanceAsync).RequireAuthorization(ManageApiExtensions.WritePolicy)
            .WithMetadata(new JsonBody(typeof(MaintenanceBody))).Produces<V2Maintenance>(StatusCodes.Status201Created);
        api.MapPatch("/maintenances/{id}", UpdateMaintenanceAsync).RequireAuthorization(ManageApiExtensions.WritePolicy)
            .WithMetadata(new JsonBody(typeof(MaintenanceBody))).Produces<V2Maintenance>();
        api.MapDelete("/maintenances/{id}", CancelMaintenance).RequireAuthorization(ManageApiExtensions.WritePolicy)
            .Takes(ManageQuery.DeliverNotifications).Produces<V2Maintenance>();

        api.MapGet("/subscribers", ListSubscribers)
            .Takes(ManageQuery.SubscriberType, ManageQuery.SubscriberState, ManageQuery.Search, ManageQuery.Page).Produces<IReadOnlyList<ApiSubscriber>>();
        api.MapGet("/subscribers/{id}", (string id, [AsParameters] Context c) => Ok(ToApi(c.Directory.Row(id) ?? throw new NotFoundException($"There is no subscriber with id '{id}'."))))
            .Produces<ApiSubscriber>();
        api.MapPost("/subscribers", AddSubscriberAsync).RequireAuthorization(ManageApiExtensions.WritePolicy)
            .WithMetadata(new JsonBody(typeof(SubscriberBody))).Produces<ApiSubscriber>(StatusCodes.Status201Created);
        api.MapDelete("/subscribers/{id}", (string id, [AsParameters] Context c) => c.Subscribers.Remove(id, c.Actor)
                ? Results.NoContent()
                : throw new NotFoundException($"There is no subscriber with id '{id}'."))
            .RequireAuthorization(ManageApiExtensions.WritePolicy)
            .Produces(StatusCodes.Status204NoContent);
        api.Map("/{**path}", ManageRoutes.NoSuchEndpoint).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> CreateComponentAsync(HttpContext http, [AsParameters] Context c)
    {
        var fields = (await ManageBodyReader.ReadAsync<ComponentBody>(http)).Component ?? throw Shape("component");
        var status = fields.Status is null ? ComponentStatus.Operational : ParseComponentStatus(fields.Status, "component.status");
        var created = c.ComponentService.Create(new ComponentDraft(fields.Name ?? "", fields.Description, fields.GroupId), c.Actor, status);
        return Created($"{Prefix}/components/{created.Id}", c.V2().Component(created.Id));
    }

    private static async Task<IResult> UpdateComponentAsync(string id, HttpContext http, [AsParameters] Context c)
    {
        var fields = (await ManageBodyReader.ReadAsync<ComponentBody>(http)).Component ?? throw Shape("component");
        var current = c.ComponentService.Get(id);
        c.ComponentService.Update(
            current with
            {
                Name = fields.Name ?? current.Name,
                Description = fields.Description ?? current.Description,
                GroupId = fields.GroupId ?? current.GroupId,
                Status = fields.Status is null ? current.Status : ParseComponentStatus(fields.Status, "component.status"),
            },
            c.Actor);
        return Ok(c.V2().Component(id));
    }

    private static async Task<IResult> CreateIncidentAsync(HttpContext http, [AsParameters] Context c)
    {
        var fields = (await ManageBodyReader.ReadAsync<IncidentBody>(http)).Incident ?? throw Shape("incident");
        var start = fields.TemplateId is null ? null : c.Templates.Start(
            c.Templates.Find(fields.TemplateId) ?? throw new ValidationException($"incident.template_id: there is no incident template with id '{Ellipsis.Shorten(fields.TemplateId, 40)}'."),
            c.ComponentService.All());
        var first = start?.Incident.FirstUpdate;
        var status = fields.Status is null ? first?.Status ?? IncidentStatus.Investigating : ParseIncidentStatus(fields.Status);
        var statuses = ParseComponents(fields.Components) ?? first?.ComponentStatuses;
        var incident = c.Incidents.Open(
            new NewIncident(
                fields.Name ?? start?.Incident.Title ?? "",
                fields.ImpactOverride is null ? start?.Incident.Impact : ParseImpact(fields.ImpactOverride),
                new UpdateDraft(status, fields.Body ?? first?.Body ?? "", fields.BackfillDate?.UtcDateTime, statuses)),
            c.Actor,
            fields.DeliverNotifications == false ? PublishChoice.Silent : start?.Publish ?? PublishChoice.AllChannels);
        return Created($"{Prefix}/incidents/{incident.Id}", c.V2().Incident(incident));
    }

    /// <summary>
    /// Name and impact change the incident; status, body or components add a timeline update (resolved resolves).
    /// The whole body is read before anything is written, and both are written together or not at all.
    /// </summary>
    private static async Task<IResult> UpdateIncidentAsync(string id, HttpContext http, [AsParameters] Context c)
    {
        var fields = (await ManageBodyReader.ReadAsync<IncidentBody>(http)).Incident ?? throw Shape("incident");
        if (fields.TemplateId is not null)
        {
            throw new ValidationException("incident.template_id applies only when opening an incident (POST /incidents).");
        }

        var impact = ParseImpact(fields.ImpactOverride);
        var status = fields.Status is null ? (IncidentStatus?)null : ParseIncidentStatus(fields.Status);
        var statuses = ParseComponents(fields.Components);
        var changed = OnLatest(() =>
        {
            var incident = c.Incidents.Get(id);
            var update = status is not null || fields.Body is not null || statuses is not null
                ? new UpdateDraft(status ?? incident.Status, fields.Body ?? "", fields.BackfillDate?.UtcDateTime, statuses)
                : null;
            return c.Incidents.Change(id, incident.Version, new IncidentChange(fields.Name, impact, update), c.Actor, Choice(fields.DeliverNotifications));
        });
        return Ok(c.V2().Incident(changed));
    }

    /// <summary>
    /// A read-then-write on the record as it is now. The API gives clients no version to send (Statuspage's has none), so
    /// a change that lost a race with another writer (a second automation, a staff page) is applied again on top of the
    /// newer record, as if it had come a moment later, instead of answered 409. A change loses at most one race to each
    /// other writer that commits meanwhile, so <see cref="OnLatestTries"/> covers a burst of that many parallel writers;
    /// only a record changing faster than that gets the conflict.
    /// </summary>
    public static T OnLatest<T>(Func<T> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return change();
            }
            catch (ConcurrencyConflictException) when (attempt < OnLatestTries)
            {
            }
        }
    }

    /// <summary>How many times a change is applied to the latest record before the API answers 409 (each try is one read and one write).</summary>
    public const int OnLatestTries = 16;

    private static async Task<IResult> CreateMaintenanceAsync(HttpContext http, [AsParameters] Context c)
    {
        var fields = (await ManageBodyReader.ReadAsync<MaintenanceBody>(http)).Maintenance ?? throw Shape("maintenance");
        var draft = new MaintenanceDraft(
            fields.Name ?? "",
            fields.Body,
            (fields.ScheduledFor ?? throw new ValidationException("maintenance.scheduled_for is required (ISO 8601, e.g. 2026-12-01T02:00:00Z).")).UtcDateTime,
            (fields.ScheduledUntil ?? throw new ValidationException("maintenance.scheduled_until is required (ISO 8601, e.g. 2026-12-01T04:00:00Z).")).UtcDateTime,
            fields.ComponentIds ?? [],
            RemindMinutes(fields, ScheduledMaintenance.DefaultRemindMinutes));
        var maintenance = c.Maintenance.Schedule(draft, c.Actor, Choice(fields.DeliverNotifications));
        return Created($"{Prefix}/maintenances/{maintenance.Id}", c.V2().Maintenance(maintenance));
    }

    private static async Task<IResult> UpdateMaintenanceAsync(string id, HttpContext http, [AsParameters] Context c)
    {
        var fields = (await ManageBodyReader.ReadAsync<MaintenanceBody>(http)).Maintenance ?? throw Shape("maintenance");
        var edited = OnLatest(() =>
        {
            var current = c.Maintenance.Get(id);
            return c.Maintenance.Edit(
                id,
                current.Version,
                new MaintenanceDraft(
                    fields.Name ?? current.Title,
                    fields.Body ?? current.Body,
                    fields.ScheduledFor?.UtcDateTime ?? current.StartsAt,
                    fields.ScheduledUntil?.UtcDateTime ?? current.EndsAt,
                    fields.ComponentIds ?? current.ComponentIds,
                    RemindMinutes(fields, current.RemindMinutesBefore)),
                c.Actor);
        });
        return Ok(c.V2().Maintenance(edited));
    }

    /// <summary>The reminder's lead time from Statuspage's <c>scheduled_remind_prior</c> and StatusHub's minutes; absent fields keep <paramref name="current"/>.</summary>
    private static int RemindMinutes(MaintenanceFields fields, int current) => (fields.ScheduledRemindPrior, fields.ScheduledRemindPriorMinutes) switch
    {
        (false, null) => 0,
        (false, _) => throw new ValidationException("maintenance.scheduled_remind_prior is false, so there is no reminder to give maintenance.scheduled_remind_prior_minutes for."),
        (_, { } minutes) when minutes is < 1 or > ScheduledMaintenance.MaxRemindMinutes =>
            throw new ValidationException($"maintenance.scheduled_remind_prior_minutes is between 1 and {ScheduledMaintenance.MaxRemindMinutes} (a week); not {minutes}."),
        (_, { } minutes) => minutes,
        (true, null) => current > 0 ? current : ScheduledMaintenance.DefaultRemindMinutes,
        (null, null) => current,
    };

    /// <summary>Statuspage deletes; StatusHub calls the window off (cancelled, or completed now once under way; subscribers are told) and answers with it.</summary>
    private static IResult CancelMaintenance(string id, [AsParameters] Context c)
    {
        var publish = Choice(ManageQuery.DeliverNotifications.Flag(c.Http));
        return Ok(c.V2().Maintenance(OnLatest(() => c.Maintenance.Cancel(id, c.Maintenance.Get(id).Version, c.Actor, publish))));
    }

    private static IResult ListSubscribers([AsParameters] Context c)
    {
        var type = ManageQuery.SubscriberType.Text(c.Http);
        var channel = type is null ? null : ChannelNames.All.Contains(type, StringComparer.Ordinal) ? type
            : throw new BadRequestException($"type is one of {string.Join(", ", ChannelNames.All)}, not '{Ellipsis.Shorten(type, 40)}'.");
        var state = ManageQuery.SubscriberState.Text(c.Http);
        SubscriberListState? listState = state is null ? null : Enum.TryParse<SubscriberListState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(state, out _)
            ? parsed
            : throw new BadRequestException($"state is pending, active or failing, not '{Ellipsis.Shorten(state, 40)}'.");
        var found = c.Directory.Find(new SubscriberFilter(channel, listState, ManageQuery.Search.Text(c.Http), PageIndex(c.Http)));
        c.Http.Response.Headers["X-Has-Next-Page"] = found.HasNext ? "true" : "false";
        return Ok(found.Rows.Select(ToApi).ToList());
    }

    private static async Task<IResult> AddSubscriberAsync(HttpContext http, [AsParameters] Context c, SubscriberEnrolment enrolment)
    {
        var fields = (await ManageBodyReader.ReadAsync<SubscriberBody>(http)).Subscriber ?? throw Shape("subscriber");
        var given = new[] { (ChannelNames.Email, fields.Email), (ChannelNames.Sms, fields.PhoneNumber), (ChannelNames.Webhook, fields.Endpoint) }
            .Where(f => f.Item2 is not null)
            .ToList();
        if (given.Count != 1)
        {
            throw new ValidationException("A subscriber has exactly one of email, phone_number or endpoint.");
        }

        var (channel, address) = given[0];
        var language = fields.Language is null ? null : Languages.Normalize(fields.Language)
            ?? throw new ValidationException($"subscriber.language must be one of {string.Join(", ", Languages.Supported)}.");
        var row = await enrolment.AddAsync(
            new NewSubscriber(channel, address, fields.ComponentIds ?? [], language, fields.SkipConfirmationNotification == true), c.Actor, http.RequestAborted);
        return Created($"{Prefix}/subscribers/{Uri.EscapeDataString(row.Subscriber.Id)}", ToApi(row));
    }

    private static ApiSubscriber ToApi(SubscriberRow row)
    {
        var subscriber = row.Subscriber;
        return new(
            subscriber.Id,
            subscriber.Channel,
            subscriber.Channel == ChannelNames.Email ? subscriber.Address : null,
            subscriber.Channel == ChannelNames.Sms ? subscriber.Address : null,
            subscriber.Channel == ChannelNames.Webhook ? subscriber.Address : null,
            subscriber.Channel == ChannelNames.Telegram ? subscriber.Address : null,
            subscriber.AllComponents,
            subscriber.AllComponents ? [] : subscriber.ComponentIds,
            row.State.ToString().ToLowerInvariant(),
            subscriber.CreatedAt,
            subscriber.ConfirmedAt,
            subscriber.Language);
    }

    /// <summary>
    /// Answers carry subscribers' addresses, unpublished drafts and the monitoring behind incidents: no browser or proxy
    /// keeps a copy, as the staff pages and the CSV export say too.
    /// </summary>
    private static ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        return next(context);
    }

    internal static IResult Ok<T>(T value) => Results.Json(value, StatuspageV2.JsonOptions);

    internal static IResult Created<T>(string location, T value) =>
        new CreatedAt(location, Results.Json(value, StatuspageV2.JsonOptions, statusCode: StatusCodes.Status201Created));

    /// <summary>The page asked for, counted from 0 as the services count.</summary>
    /// <summary>The page a list endpoint was asked for, from 0 (the query's <c>page</c> counts from 1).</summary>
    internal static int PageIndex(HttpContext http) => (ManageQuery.Page.Number(http) ?? 1) - 1;

    private static PublishChoice Choice(bool? deliverNotifications) => deliverNotifications == false ? PublishChoice.Silent : PublishChoice.AllChannels;

    internal static ValidationException Shape(string name) => new($"The body must wrap the fields in \"{name}\": {{\"{name}\":{{…}}}}.");

    private static ComponentStatus ParseComponentStatus(string wire, string field) =>
        ComponentStatusNames.TryParse(wire, out var status)
            ? status
            : throw new ValidationException($"{field} is one of operational, degraded_performance, partial_outage, major_outage, under_maintenance; not '{Ellipsis.Shorten(wire, 40)}'.");

    private static IncidentStatus ParseIncidentStatus(string wire) =>
        IncidentNames.TryParseStatus(wire, out var status)
            ? status
            : throw new ValidationException($"incident.status is one of investigating, identified, monitoring, resolved; not '{Ellipsis.Shorten(wire, 40)}'.");

    private static IncidentImpact? ParseImpact(string? wire) =>
        wire is null ? null
        : IncidentNames.TryParseImpact(wire, out var impact) ? impact
        : throw new ValidationException($"incident.impact_override is one of none, minor, major, critical; not '{Ellipsis.Shorten(wire, 40)}'.");

    private static Dictionary<string, ComponentStatus>? ParseComponents(Dictionary<string, string>? components) =>
        components?.ToDictionary(pair => pair.Key, pair => ParseComponentStatus(pair.Value, $"incident.components.{Ellipsis.Shorten(pair.Key, 40)}"), StringComparer.Ordinal);

    /// <summary>Who an API write is audited under: the API key's name.</summary>
    public static string ActorOf(HttpContext http) => http.User.Identity?.Name ?? "api key";

    /// <summary>What every handler needs, resolved once per request.</summary>
    private sealed record Context(
        HttpContext Http,
        StatusSnapshotService Snapshots,
        IOptions<StatusPageOptions> Page,
        ComponentService ComponentService,
        IncidentService Incidents,
        IncidentTemplateService Templates,
        MaintenanceService Maintenance,
        SubscriberService Subscribers,
        SubscriberDirectory Directory)
    {
        public string Actor => ActorOf(Http);

        public StatuspageV2 V2() => new(Snapshots.Current, Page.Value);
    }

    /// <summary>
    /// The body an endpoint reads, for the OpenAPI document only. Not <c>Accepts&lt;T&gt;</c>: that makes routing
    /// match on the content type, and a form post would then be answered 405 instead of a problem saying "send JSON".
    /// </summary>
    public sealed record JsonBody(Type Type);

    /// <summary>201 with a Location header and the object.</summary>
    private sealed class CreatedAt(string location, IResult json) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return json.ExecuteAsync(httpContext);
        }
    }
}
