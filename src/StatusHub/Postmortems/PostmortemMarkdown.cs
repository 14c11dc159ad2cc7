using System.Globalization;
using System.Text;
using StatusHub.Localization;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Time;

namespace StatusHub.Postmortems;

/// <summary>
/// A post-mortem as one Markdown file, laid out as the page is: the body with each computed section where its marker
/// stands, in the page's words (headings, impact facts, status names, durations). The public
/// download writes the published copy; the staff export adds internal events and every action item with owner and due
/// date, each marked in English, under a line that says it is not for customers.
/// </summary>
public static class PostmortemMarkdown
{
    public static string Write(PublishedPostmortem postmortem, string pageUrl, PublicText words, IReadOnlyList<ActionItem>? staffItems = null)
    {
        var text = new StringBuilder();
        text.Append("# ").AppendLine(postmortem.Title).AppendLine();
        if (staffItems is not null)
        {
            text.AppendLine("> Internal export: holds internal events and action items marked *(internal)*. Not for customers.").AppendLine();
        }

        text.Append(words["Postmortem.Of"]).Append(" [").Append(Escape(postmortem.IncidentTitle)).Append("](").Append(pageUrl.TrimEnd('/')).Append("/incidents/").Append(postmortem.Id)
            .AppendLine(")").AppendLine().Append(words["Postmortem.Published"]).Append(' ').Append(UtcText.Format(postmortem.FirstPublishedAt));
        if (postmortem.WasUpdated)
        {
            text.Append(" · ").Append(words["Postmortem.UpdatedOn"]).Append(' ').Append(UtcText.Format(postmortem.PublishedAt));
        }

        text.AppendLine().AppendLine();
        if (postmortem.Reopened is { } reopened)
        {
            text.Append("> ").Append(words[PostmortemLabels.ReopenedNotice(reopened)])
                .Append(" [").Append(words["Postmortem.IncidentUpdates"]).Append("](").Append(pageUrl.TrimEnd('/')).Append("/incidents/").Append(postmortem.Id).AppendLine(")").AppendLine();
        }

        var parts = PostmortemDocument.Split(postmortem.Body);
        foreach (var part in parts)
        {
            if (part.Section is { } section)
            {
                Section(text, postmortem, section, words, staffItems);
            }
            else
            {
                text.AppendLine(part.Markdown).AppendLine();
            }
        }

        foreach (var section in PostmortemDocument.Missing(parts))
        {
            text.Append("## ").AppendLine(words[$"Postmortem.Section.{section}"]).AppendLine();
            Section(text, postmortem, section, words, staffItems);
        }

        return text.ToString().TrimEnd() + "\n";
    }

    private static void Section(StringBuilder text, PublishedPostmortem postmortem, PostmortemSection section, PublicText words, IReadOnlyList<ActionItem>? staffItems)
    {
        switch (section)
        {
            case PostmortemSection.ShortStory:
                text.AppendLine(postmortem.ShortStory);
                break;
            case PostmortemSection.Impact:
                Impact(text, postmortem, words);
                break;
            case PostmortemSection.Timeline:
                foreach (var entry in postmortem.Timeline)
                {
                    text.Append("- **").Append(UtcText.Format(entry.At)).Append("**");
                    if (entry.Label.Length > 0)
                    {
                        text.Append(" · ").Append(entry.Label);
                    }

                    if (!entry.IsPublic)
                    {
                        text.Append(" *(internal)*");
                    }

                    if (entry.Text.Length > 0)
                    {
                        text.Append(": ").Append(Indent(entry.Text));
                    }

                    if (entry.Components.Count > 0)
                    {
                        text.Append(" (").Append(string.Join(", ", entry.Components.Select(c => $"{Escape(c.Name)}: {words.Label(c.Status)}"))).Append(')');
                    }

                    text.AppendLine();
                }

                break;
            case PostmortemSection.ActionItems when staffItems is not null:
                foreach (var item in staffItems)
                {
                    text.Append("- [").Append(item.Status == ActionItemStatus.Done ? 'x' : ' ').Append("] ").Append(Escape(item.Description))
                        .Append(" · ").Append(item.Status.ToLabel());
                    if (item.Owner is { } owner)
                    {
                        text.Append(" · owner ").Append(Escape(owner));
                    }

                    if (item.DueOn is { } due)
                    {
                        text.Append(" · due ").Append(due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    }

                    text.AppendLine(item.IsPublic ? "" : " *(internal)*");
                }

                break;
            case PostmortemSection.ActionItems:
                foreach (var item in postmortem.ActionItems)
                {
                    text.Append("- ").Append(Escape(item.Description)).Append(" (").Append(words[$"Postmortem.Action.{item.Status}"]).AppendLine(")");
                }

                if (postmortem.ActionItems.Count == 0)
                {
                    text.AppendLine(words["Postmortem.NoChanges"]);
                }

                break;
            case PostmortemSection.DataLoss:
                text.AppendLine(postmortem.DataLoss);
                break;
            case PostmortemSection.Faq:
                foreach (var entry in postmortem.Faq)
                {
                    text.Append("**").Append(Escape(entry.Question)).AppendLine("**").AppendLine().AppendLine(entry.Answer).AppendLine();
                }

                break;
        }

        text.AppendLine();
    }

    private static void Impact(StringBuilder text, PublishedPostmortem postmortem, PublicText words)
    {
        var impact = postmortem.Impact;
        if (postmortem.CustomerImpact.Length > 0)
        {
            text.AppendLine(Escape(postmortem.CustomerImpact)).AppendLine();
        }

        Fact(text, words, words["Postmortem.Began"], UtcText.Format(impact.StartedAt));
        Fact(text, words, words["Postmortem.Resolved"], UtcText.Format(impact.EndedAt));
        if (postmortem.Reopened is { } reopened)
        {
            Fact(text, words, words["Postmortem.Reopened"], UtcText.Format(reopened.At));
            if (reopened.ResolvedAgainAt is { } resolvedAgain)
            {
                Fact(text, words, words["Postmortem.ResolvedAgain"], UtcText.Format(resolvedAgain));
            }
        }

        Fact(text, words, words["Postmortem.Duration"], Durations.Describe(impact.Duration, words));
        if (impact.Components.Count > 0)
        {
            Fact(text, words, words["Postmortem.AffectedFor"], Durations.Describe(impact.AffectedFor, words));
            Fact(text, words, words["Postmortem.Worst"], words.Label(impact.Worst));
        }

        if (impact.Notified.Count > 0)
        {
            Fact(text, words, words["Postmortem.Notified"], string.Join(", ", impact.Notified.Select(count => PostmortemLabels.Reach(count, words))));
        }

        if (impact.Components.Count > 0)
        {
            text.AppendLine().Append("| ").Append(words["Postmortem.Component"]).Append(" | ").Append(words["Postmortem.TimeInStatus"]).AppendLine(" |").AppendLine("| --- | --- |");
            foreach (var component in impact.Components)
            {
                text.Append("| ").Append(Escape(component.Name).Replace("|", "\\|", StringComparison.Ordinal)).Append(" | ")
                    .Append(string.Join(", ", component.TimeInStatus.Select(s => $"{words.Label(s.Status)} {Durations.Describe(s.Time, words)}"))).AppendLine(" |");
            }
        }
    }

    /// <summary>"- Began: 2026-12-04 10:00 UTC", "- Début : …": the page's label and a colon as its language writes one.</summary>
    private static void Fact(StringBuilder text, PublicText words, string label, string value) =>
        text.Append("- ").AppendLine(words.Format("Format.LabelValue", label, value));

    /// <summary>Keeps a multi-line entry inside its list item.</summary>
    private static string Indent(string markdown) => markdown.ReplaceLineEndings("\n").Replace("\n", "\n  ", StringComparison.Ordinal);

    /// <summary>Plain text (names, questions, descriptions) stays plain: Markdown's active characters are escaped.</summary>
    private static string Escape(string plain)
    {
        var escaped = new StringBuilder(plain.Length);
        foreach (var c in plain.ReplaceLineEndings(" "))
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '<' or '>' or '`' or '#')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
