using StatusHub.Incidents;
using StatusHub.Incidents.Templates;
using StatusHub.StatusComponents;
using StatusHub.Text;

namespace StatusHub.ManageApi;

/// <summary>
/// <c>/incident_templates</c>: the templates incidents are opened from (POST /incidents with <c>template_id</c>). Shipped
/// templates are listed too and can be read, not changed: saving one under the same name replaces it.
/// </summary>
public static class IncidentTemplateEndpoints
{
    private const string Path = "/incident_templates";
    private const string Field = "incident_template.";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet(Path, (IncidentTemplateService templates) => ManageEndpoints.Ok(templates.All().Select(ToApi).ToList()))
            .Produces<IReadOnlyList<ApiIncidentTemplate>>();
        api.MapGet(Path + "/{id}", (string id, IncidentTemplateService templates) => ManageEndpoints.Ok(ToApi(templates.Get(id))))
            .Produces<ApiIncidentTemplate>();
        api.MapPost(Path, CreateAsync).RequireAuthorization(ManageApiExtensions.WritePolicy)
            .WithMetadata(new ManageEndpoints.JsonBody(typeof(IncidentTemplateBody))).Produces<ApiIncidentTemplate>(StatusCodes.Status201Created);
        api.MapPatch(Path + "/{id}", EditAsync).RequireAuthorization(ManageApiExtensions.WritePolicy)
            .WithMetadata(new ManageEndpoints.JsonBody(typeof(IncidentTemplateBody))).Produces<ApiIncidentTemplate>();
        api.MapDelete(Path + "/{id}", (string id, HttpContext http, IncidentTemplateService templates) =>
            {
                ManageEndpoints.OnLatest(() =>
                {
                    templates.Delete(id, templates.Get(id).Version, ManageEndpoints.ActorOf(http));
                    return true;
                });
                return Results.NoContent();
            })
            .RequireAuthorization(ManageApiExtensions.WritePolicy)
            .Produces(StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IncidentTemplateService templates)
    {
        var fields = await ReadAsync(http);
        var created = templates.Create(fields.ToDraft(current: null, Field), ManageEndpoints.ActorOf(http));
        return ManageEndpoints.Created($"{ManageEndpoints.Prefix}{Path}/{created.Id}", ToApi(created));
    }

    /// <summary>Fields left out keep their value; <c>"channels": null</c> cannot be told from absent, so send every channel's name to widen a narrowed list.</summary>
    private static async Task<IResult> EditAsync(string id, HttpContext http, IncidentTemplateService templates)
    {
        var fields = await ReadAsync(http);
        return ManageEndpoints.Ok(ToApi(ManageEndpoints.OnLatest(() =>
        {
            var current = templates.Get(id);
            return templates.Edit(id, current.Version, fields.ToDraft(current, Field), ManageEndpoints.ActorOf(http));
        })));
    }

    private static async Task<IncidentTemplateFields> ReadAsync(HttpContext http) =>
        (await ManageBodyReader.ReadAsync<IncidentTemplateBody>(http)).IncidentTemplate ?? throw ManageEndpoints.Shape("incident_template");

    private static ApiIncidentTemplate ToApi(IncidentTemplate t) => new(
        t.Id,
        t.Name,
        t.Title,
        t.Impact?.ToWire(),
        t.Status.ToWire(),
        t.Body,
        t.Components.ToDictionary(c => c.Component, c => c.Status.ToWire()),
        t.Channels,
        t.File,
        t.Version,
        t.IsShipped ? null : t.CreatedAt,
        t.IsShipped ? null : t.UpdatedAt);
}
