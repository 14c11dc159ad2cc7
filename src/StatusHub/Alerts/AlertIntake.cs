using Microsoft.Extensions.Options;
using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.Incidents.Templates;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Alerts;

/// <summary>
/// Turns received alerts into suggestions: a firing alert that matches a rule suggests an incident, a resolved one
/// suggests resolving; an alert matching no rule is only recorded. Every alert is kept (bounded) for the staff page.
/// </summary>
public sealed class AlertIntake(
    LiteStore store,
    IncidentSuggestions suggestions,
    ComponentService components,
    IncidentTemplateService templates,
    IOptionsMonitor<AlertsOptions> options,
    TimeProvider time,
    ILogger<AlertIntake> logger)
{
    public IReadOnlyList<ReceivedAlert> Recent(int limit = 200) =>
        store.Collection<ReceivedAlert>().Query().OrderByDescending(a => a.ReceivedAt).Limit(limit).ToList();

    public IReadOnlyList<ReceivedAlert> Receive(string receiver, IReadOnlyList<IncomingAlert> alerts) =>
        [.. alerts.Select(alert => Record(receiver, alert))];

    private ReceivedAlert Record(string receiver, IncomingAlert alert)
    {
        var fingerprint = $"{receiver}:{alert.Fingerprint}";
        var rules = options.CurrentValue.Rules;
        var index = rules.FindIndex(r => r.Matches(alert.Labels));
        string outcome;
        IncidentSuggestion? suggestion = null;
        try
        {
            if (!alert.Firing)
            {
                suggestion = suggestions.SuggestResolve(receiver, fingerprint);
                outcome = suggestion is null ? "resolved; nothing open for it" : "resolve suggested";
            }
            else if (index < 0)
            {
                outcome = "matched no rule: nothing suggested";
            }
            else
            {
                suggestion = Suggest(receiver, fingerprint, alert, rules[index]);
                outcome = suggestion.State switch
                {
                    SuggestionState.Draft when suggestion.Count == 1 => "opened a draft",
                    SuggestionState.Draft => $"added to a draft ({suggestion.Count} firings)",
                    SuggestionState.Dismissed => $"muted: a draft for it was dismissed by {suggestion.DecidedBy}",
                    _ => "noted on an unresolved incident",
                };
            }
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException)
        {
            logger.LogWarning("Alert {Fingerprint} from {Receiver} matched rule {Rule} but suggested nothing: {Error}", fingerprint, receiver, index, ex.Message);
            outcome = $"rule {index}: {ex.Message}";
        }

        var received = new ReceivedAlert
        {
            Id = Ids.New(),
            Receiver = receiver,
            Fingerprint = alert.Fingerprint,
            Firing = alert.Firing,
            Name = alert.Name,
            Summary = alert.Summary,
            Labels = new(alert.Labels),
            StartsAt = alert.StartsAt,
            ReceivedAt = time.GetUtcNow().UtcDateTime,
            Rule = index < 0 ? null : index,
            Outcome = Ellipsis.Shorten(outcome, 300),
            SuggestionId = suggestion?.Id,
        };
        var keep = Math.Max(1, options.CurrentValue.Keep);
        return store.Write(scope =>
        {
            var saved = scope.Insert(received);
            var all = scope.Collection<ReceivedAlert>();
            var excess = all.Count() - keep;
            if (excess > 0)
            {
                foreach (var old in all.Query().OrderBy(a => a.ReceivedAt).Limit(excess).ToList())
                {
                    all.Delete(old.Id);
                }
            }

            return saved;
        }, affectsStatusPage: false);
    }

    private IncidentSuggestion Suggest(string receiver, string fingerprint, IncomingAlert alert, AlertRule rule)
    {
        if (!IncidentNames.TryParseImpact(rule.Impact, out var impact))
        {
            throw new ValidationException($"impact \"{Ellipsis.Shorten(rule.Impact, 40)}\" is not none, minor, major or critical.");
        }

        var installed = components.All();
        var ids = rule.Components.Select(wanted =>
            installed.FirstOrDefault(c => c.Id == wanted || string.Equals(c.Name, wanted, StringComparison.OrdinalIgnoreCase))?.Id
            ?? throw new ValidationException($"there is no component \"{Ellipsis.Shorten(wanted, 60)}\".")).ToList();
        var template = rule.Template is { } id ? templates.Find(id) ?? throw new ValidationException($"there is no incident template \"{Ellipsis.Shorten(id, 60)}\".") : null;
        var names = string.Join(", ", installed.Where(c => ids.Contains(c.Id)).Select(c => c.Name));
        var title = rule.Title ?? template?.Title ?? alert.Title ?? alert.Summary ?? alert.Name;
        var firstUpdate = template?.Body ?? $"We are investigating a problem{(names.Length > 0 ? " affecting " + names : "")}.";
        var details = $"{alert.Name}{(alert.Summary is { } s ? ": " + s : "")}\n{string.Join(", ", alert.Labels.Select(l => $"{l.Key}={l.Value}"))}";
        return suggestions.Suggest(receiver, fingerprint, ids, impact, Ellipsis.Shorten(title, Incident.MaxTitleLength), firstUpdate, details, alert.StartsAt);
    }
}
