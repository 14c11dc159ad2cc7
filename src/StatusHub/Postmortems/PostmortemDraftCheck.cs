using StatusHub.Incidents;
using StatusHub.Storage;
using StatusHub.Text;
using StatusHub.Time;

namespace StatusHub.Postmortems;

/// <summary>A draft as staff typed it, checked and cleaned field by field before it is saved: limits, dates, ids and accepted text.</summary>
internal static class PostmortemDraftCheck
{
    public static List<FaqEntry> Faq(IReadOnlyList<FaqEntry> faq)
    {
        if (faq.Count > Postmortem.MaxFaq)
        {
            throw new ValidationException($"A post-mortem can hold at most {Postmortem.MaxFaq} questions; this one has {faq.Count}.");
        }

        return faq.Select((f, i) => new FaqEntry(
                Validate.OptionalText(f.Question, $"Question {i + 1}", FaqEntry.MaxQuestionLength) ?? "",
                Validate.OptionalBody(f.Answer, $"Answer {i + 1}", FaqEntry.MaxAnswerLength) ?? ""))
            .ToList();
    }

    /// <summary>Events describe the incident: not the future, and not more than a month before it began.</summary>
    public static List<TimelineEvent> Events(IReadOnlyList<TimelineEvent> events, Incident incident, DateTime now)
    {
        if (events.Count > Postmortem.MaxEvents)
        {
            throw new ValidationException($"A post-mortem can hold at most {Postmortem.MaxEvents} timeline events; this one has {events.Count}.");
        }

        var earliest = incident.StartedAt.AddDays(-30);
        RequireUniqueIds(events.Select(e => e.Id), "timeline event");
        return events.Select(e =>
        {
            var at = Validate.Utc(e.At);
            if (at > now)
            {
                throw new ValidationException($"A timeline event cannot be in the future: {UtcText.Format(at)} is after now ({UtcText.Format(now)}).");
            }

            if (at < earliest)
            {
                throw new ValidationException($"{UtcText.Format(at)} is more than 30 days before the incident began ({UtcText.Format(incident.StartedAt)}); check the date.");
            }

            return e with { At = at, Text = Validate.RequiredBody(e.Text, "Timeline event text", TimelineEvent.MaxTextLength) };
        }).ToList();
    }

    public static List<ActionItem> ActionItems(IReadOnlyList<ActionItem> items, DateTime now)
    {
        if (items.Count > Postmortem.MaxActionItems)
        {
            throw new ValidationException($"A post-mortem can hold at most {Postmortem.MaxActionItems} action items; this one has {items.Count}.");
        }

        RequireUniqueIds(items.Select(a => a.Id), "action item");
        return items.Select(a =>
        {
            if (!Enum.IsDefined(a.Status))
            {
                throw new ValidationException($"'{a.Status}' is not an action item status.");
            }

            var due = a.DueOn is { } day ? Validate.Utc(day).Date : (DateTime?)null;
            if (due is { } d && (d < now.AddYears(-5) || d > now.AddYears(5)))
            {
                throw new ValidationException($"The due date {d:yyyy-MM-dd} of \"{Ellipsis.Shorten(a.Description, 60)}\" is more than five years away; check the year.");
            }

            return a with
            {
                Description = Validate.RequiredText(a.Description, "Action item description", ActionItem.MaxDescriptionLength),
                Owner = Validate.OptionalText(a.Owner, "Action item owner", ActionItem.MaxOwnerLength),
                DueOn = due,
            };
        }).ToList();
    }

    private static void RequireUniqueIds(IEnumerable<string> ids, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!Ids.IsWellFormed(id) || !seen.Add(id))
            {
                throw new ValidationException($"A {what} has a missing or repeated id; reload the page.");
            }
        }
    }
}
