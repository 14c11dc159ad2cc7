using StatusHub.Incidents;

namespace StatusHub.Postmortems;

/// <summary>What a post-mortem must have before an admin can publish it: rules on its whole content, not on any one field as typed.</summary>
internal static class PublicationChecklist
{
    /// <summary>What still stands between <paramref name="postmortem"/> and publication, in words for the author; empty when it can go out.</summary>
    public static IReadOnlyList<string> Problems(Postmortem postmortem, Incident incident, Skeleton? skeleton)
    {
        var problems = new List<string>();
        if (!incident.IsResolved)
        {
            problems.Add("The incident was reopened: resolve it again before publishing.");
        }

        if (string.IsNullOrWhiteSpace(postmortem.Title))
        {
            problems.Add("Give the post-mortem a title.");
        }

        if (string.IsNullOrWhiteSpace(postmortem.ShortStory))
        {
            problems.Add("Write the short story: it opens the page and is what subscribers are sent.");
        }

        if (string.IsNullOrWhiteSpace(postmortem.DataLoss))
        {
            problems.Add("Answer \"Was any data lost?\" before publishing: it is the first thing customers ask, even when the answer is no.");
        }

        if (postmortem.Faq.Any(f => string.IsNullOrWhiteSpace(f.Question) || string.IsNullOrWhiteSpace(f.Answer)))
        {
            problems.Add("Every question in the FAQ needs an answer (or remove the question).");
        }

        if (LeftoverGuidance(postmortem, skeleton) is { Count: > 0 } sections)
        {
            problems.Add($"Replace the skeleton's guidance (the lines in italics) under {string.Join(", ", sections)}, or remove it.");
        }

        return problems;
    }

    /// <summary>The headings under which a line of the skeleton's guidance is still there, word for word.</summary>
    private static List<string> LeftoverGuidance(Postmortem postmortem, Skeleton? skeleton)
    {
        var guidance = (skeleton?.Body ?? "").Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 2 && (l.StartsWith('_') || l.StartsWith("- _", StringComparison.Ordinal)) && l.EndsWith('_'))
            .ToHashSet(StringComparer.Ordinal);
        var sections = new List<string>();
        var heading = "the start";
        foreach (var line in postmortem.Body.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith('#'))
            {
                heading = $"\"{line.TrimStart('#').Trim()}\"";
            }
            else if (guidance.Contains(line) && !sections.Contains(heading))
            {
                sections.Add(heading);
            }
        }

        return sections;
    }
}
