using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Incidents.Templates;

/// <summary>
/// The templates staff open incidents from: the ones they saved, and the shipped files in templates/incidents/ whose
/// name no saved one has taken (saving a template under a shipped one's name replaces it). Saved ones are versioned and
/// every write is audited; shipped ones change only with their file.
/// </summary>
public sealed class IncidentTemplateService(LiteStore store, TimeProvider time, ShippedIncidentTemplates shipped, NotificationPublisher publisher)
{
    public const int MaxTemplates = 500;

    public IReadOnlyList<IncidentTemplate> All()
    {
        var saved = store.Collection<IncidentTemplate>().FindAll().ToList();
        return saved
            .Concat(shipped.All().Where(s => !saved.Any(t => SameName(t.Name, s.Name))))
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public IncidentTemplate? Find(string id) =>
        id.StartsWith(ShippedIncidentTemplates.IdPrefix, StringComparison.Ordinal)
            ? All().FirstOrDefault(t => t.Id == id)
            : store.Collection<IncidentTemplate>().FindById(id);

    public IncidentTemplate Get(string id) => Find(id) ?? throw new NotFoundException($"There is no incident template with id '{id}'.");

    public IncidentTemplate Create(IncidentTemplateDraft draft, string actor)
    {
        var now = Now();
        var checkedDraft = Check(draft);
        return store.Write(scope =>
        {
            var templates = scope.Collection<IncidentTemplate>();
            if (templates.Count() >= MaxTemplates)
            {
                throw new ValidationException($"There are already {MaxTemplates} templates; delete some first.");
            }

            RefuseTakenName(scope, checkedDraft.Name, exceptId: null);
            var saved = scope.Insert(checkedDraft with { Id = Ids.New(), CreatedAt = now, UpdatedAt = now });
            scope.Audit(now, actor, "incident_template.created", Subject(saved), Describe(saved));
            return saved;
        });
    }

    /// <summary>Saves a new wording; refused when <paramref name="expectedVersion"/> is no longer the stored one.</summary>
    public IncidentTemplate Edit(string id, int expectedVersion, IncidentTemplateDraft draft, string actor)
    {
        var now = Now();
        var checkedDraft = Check(draft);
        return store.Write(scope =>
        {
            var stored = Load(scope, id);
            RefuseTakenName(scope, checkedDraft.Name, exceptId: id);
            var saved = scope.Update(checkedDraft with { Id = id, CreatedAt = stored.CreatedAt, UpdatedAt = now, Version = expectedVersion }, $"Template \"{stored.Name}\"");
            scope.Audit(now, actor, "incident_template.edited", Subject(saved), stored.Name == saved.Name ? Describe(saved) : $"was \"{stored.Name}\"; {Describe(saved)}");
            return saved;
        });
    }

    public void Delete(string id, int expectedVersion, string actor)
    {
        var now = Now();
        store.Write(scope =>
        {
            var stored = Load(scope, id);
            if (stored.Version != expectedVersion)
            {
                throw new ConcurrencyConflictException($"Template \"{stored.Name}\"", expectedVersion, stored.Version);
            }

            scope.Collection<IncidentTemplate>().Delete(id);
            scope.Audit(now, actor, "incident_template.deleted", Subject(stored), Describe(stored));
        });
    }

    /// <summary>The incident a template opens, its components matched to this installation's, and the channels its first notice goes to.</summary>
    public TemplateStart Start(IncidentTemplate template, IReadOnlyList<StatusComponent> installed)
    {
        var components = TemplateComponents.Match(template, installed);
        return new TemplateStart(
            new NewIncident(template.Title, template.Impact, new UpdateDraft(template.Status, template.Body, null, components.Statuses)),
            template.Channels is null ? PublishChoice.AllChannels : new PublishChoice(template.Channels),
            components.Unknown);
    }

    private IncidentTemplate Check(IncidentTemplateDraft draft) => IncidentTemplateRules.Check(draft, publisher.Channels.Select(c => c.Name).ToList());

    private static IncidentTemplate Load(WriteScope scope, string id) =>
        scope.Collection<IncidentTemplate>().FindById(id) ?? throw (id.StartsWith(ShippedIncidentTemplates.IdPrefix, StringComparison.Ordinal)
            ? new ValidationException("A shipped template changes only with its file in templates/incidents/; save a template under the same name to replace it.")
            : new NotFoundException($"There is no incident template with id '{id}'."));

    private static void RefuseTakenName(WriteScope scope, string name, string? exceptId)
    {
        if (scope.Collection<IncidentTemplate>().FindAll().Any(t => t.Id != exceptId && SameName(t.Name, name)))
        {
            throw new ValidationException($"A template named \"{name}\" already exists; pick another name or edit that one.");
        }
    }

    private static bool SameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Subject(IncidentTemplate template) => $"incident_template:{template.Id}";

    private static string Describe(IncidentTemplate t) =>
        $"\"{t.Name}\": \"{t.Title}\" ({t.Impact?.ToWire() ?? "derived"}, {t.Status.ToWire()}), components [{string.Join(", ", t.Components.Select(c => $"{c.Component} {c.Status.ToWire()}"))}], channels {(t.Channels is null ? "all" : $"[{string.Join(", ", t.Channels)}]")}";

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}

/// <summary>An incident as a template opens it; <see cref="UnknownComponents"/> are names no component here has.</summary>
public sealed record TemplateStart(NewIncident Incident, PublishChoice Publish, IReadOnlyList<string> UnknownComponents);
