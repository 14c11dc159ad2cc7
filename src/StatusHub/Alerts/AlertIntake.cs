using System.Security.Cryptography;
using System.Text;
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
    IncidentTemplateService templates,
    IOptionsMonitor<AlertsOptions> options,
    TimeProvider time,
    ILogger<AlertIntake> logger)
{
    public IReadOnlyList<ReceivedAlert> Recent(int limit = 200) =>
        store.Collection<ReceivedAlert>().Query().OrderByDescending(a => a.ReceivedAt).Limit(limit).ToList();

    /// <summary>
    /// Alerts written in one transaction: a group of hundreds costs a few commits, not two per alert, and no write holds
    /// the store long enough to hold up publishing or the outbox while monitoring is noisy.
    /// </summary>
    public const int AlertsPerWrite = 50;

    /// <summary>Each alert of the batch with what it did, the refused ones too (so staff see them on the Alerts page); the rules are looked up once.</summary>
    public IReadOnlyList<ReceivedAlert> Receive(string receiver, AlertBatch batch)
    {
        var rules = options.CurrentValue.Rules;
        var refused = batch.Refused.Select(alert => Refuse(receiver, alert)).ToList();
        return [
            .. batch.Alerts.Chunk(AlertsPerWrite).SelectMany(alerts => Keep(scope =>
            {
                // Looked up in each write: a component deleted while a large group is written leaves the rest of it
                // opening drafts without that component, as any alert of a rule naming a missing component does.
                var targets = rules.Select(rule => Resolve(scope, rule)).ToList();
                return [.. alerts.Select(alert => Record(scope, receiver, alert, rules, targets))];
            })),
            .. refused.Count == 0 ? [] : Keep(_ => refused),
        ];
    }

    private List<ReceivedAlert> Keep(Func<WriteScope, List<ReceivedAlert>> record)
    {
        var keep = Math.Max(1, options.CurrentValue.Keep);
        return store.Write(scope =>
        {
            var saved = record(scope).Select(r => scope.Insert(r)).ToList();
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

    /// <summary>
    /// What a draft keeps of an alert's fingerprint: the receiver's name and the fingerprint, or, when that is longer than
    /// a draft keeps, the receiver's name and the fingerprint's hash (stable, so resolving and firing again still find it).
    /// </summary>
    public static string SuggestionFingerprint(string receiver, string fingerprint)
    {
        var key = $"{receiver}:{fingerprint}";
        return key.Length <= IncidentSuggestion.MaxFingerprintLength
            ? key
            : $"{receiver}:sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)))}";
    }

    /// <summary>What in the rules names something the store does not have: shown on the Alerts page; such an alert still opens a draft.</summary>
    public IReadOnlyList<string> RuleProblems() =>
        [.. options.CurrentValue.Rules.SelectMany((rule, index) => Resolve(store, rule).Missing.Select(missing => $"rule {index} {missing}"))];

    private ReceivedAlert Record(WriteScope scope, string receiver, IncomingAlert alert, List<AlertRule> rules, List<RuleTarget> targets)
    {
        var fingerprint = SuggestionFingerprint(receiver, alert.Fingerprint);
        var index = rules.FindIndex(r => r.Matches(alert.Labels));
        string outcome;
        IncidentSuggestion? suggestion = null;
        if (!alert.Firing)
        {
            suggestion = suggestions.SuggestResolve(scope, receiver, fingerprint);
            outcome = suggestion switch
            {
                null => "resolved; nothing open for it",
                { ResolveSuggestedAt: null } => "resolved; other alerts of its draft or incident still fire",
                _ => "resolve suggested",
            };
        }
        else if (index < 0)
        {
            outcome = "matched no rule: nothing suggested";
        }
        else
        {
            var target = targets[index];
            suggestion = Suggest(scope, receiver, fingerprint, alert, target);
            outcome = suggestion.State switch
            {
                SuggestionState.Draft when suggestion.Count == 1 => "opened a draft",
                SuggestionState.Draft => $"added to a draft ({suggestion.Count} firings)",
                SuggestionState.Dismissed => $"muted: a draft for it was dismissed by {suggestion.DecidedBy}",
                _ => "noted on an unresolved incident",
            };
            if (target.Missing.Count > 0)
            {
                logger.LogWarning("Alert {Fingerprint} from {Receiver} matched rule {Rule}, which {Missing}", fingerprint, receiver, index, string.Join("; ", target.Missing));
                outcome += $", but the rule {string.Join("; ", target.Missing)}";
            }
        }

        return new ReceivedAlert
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
    }

    private ReceivedAlert Refuse(string receiver, RefusedAlert refused)
    {
        logger.LogWarning("Refused {Where} of a batch on /api/alerts/{Receiver}: {Reason}", refused.Where, receiver, refused.Reason);
        return new ReceivedAlert
        {
            Id = Ids.New(),
            Receiver = receiver,
            Fingerprint = refused.Fingerprint ?? "",
            Name = refused.Where,
            ReceivedAt = time.GetUtcNow().UtcDateTime,
            Outcome = Ellipsis.Shorten($"refused: {refused.Reason}", 300),
        };
    }

    /// <summary>A rule's components and template as the store has them now, and what it names that the store does not have.</summary>
    private sealed record RuleTarget(IncidentImpact Impact, string? Title, IReadOnlyList<StatusComponent> Components, IncidentTemplate? Template, IReadOnlyList<string> Missing);

    private RuleTarget Resolve(IDocumentReader reader, AlertRule rule)
    {
        // Checked at start (AlertsOptionsValidation); components and templates live in the store and may be renamed or deleted.
        IncidentNames.TryParseImpact(rule.Impact, out var impact);
        var installed = KnownComponents.All(reader);
        var found = new List<StatusComponent>();
        var missing = new List<string>();
        foreach (var wanted in rule.Components)
        {
            if (installed.FirstOrDefault(c => c.Id == wanted || string.Equals(c.Name, wanted, StringComparison.OrdinalIgnoreCase)) is { } component)
            {
                found.Add(component);
            }
            else
            {
                missing.Add($"names no component \"{Ellipsis.Shorten(wanted, 60)}\"");
            }
        }

        var template = rule.Template is { } id ? templates.Find(id) : null;
        if (rule.Template is { } absent && template is null)
        {
            missing.Add($"names no incident template \"{Ellipsis.Shorten(absent, 60)}\"");
        }

        return new RuleTarget(impact, rule.Title, found, template, missing);
    }

    private IncidentSuggestion Suggest(WriteScope scope, string receiver, string fingerprint, IncomingAlert alert, RuleTarget target)
    {
        var names = string.Join(", ", target.Components.Select(c => c.Name));
        // The first wording that shows anything, as one line: a blank or multi-line summary must not cost the draft.
        var title = new[] { target.Title, target.Template?.Title, alert.Title, alert.Summary }
            .Select(t => t is null ? "" : TextPolicy.Line.Clean(t))
            .FirstOrDefault(t => !TextPolicy.ShowsNothing(t)) ?? alert.Name;
        var firstUpdate = target.Template?.Body ?? $"We are investigating a problem{(names.Length > 0 ? " affecting " + names : "")}.";
        var details = $"{alert.Name}{(string.IsNullOrWhiteSpace(alert.Summary) ? "" : ": " + alert.Summary)}\n{string.Join(", ", alert.Labels.Select(l => $"{l.Key}={l.Value}"))}";
        return suggestions.Suggest(scope, receiver, fingerprint, [.. target.Components.Select(c => c.Id)], target.Impact, Ellipsis.Shorten(title, Incident.MaxTitleLength), firstUpdate, details, alert.StartsAt);
    }
}
