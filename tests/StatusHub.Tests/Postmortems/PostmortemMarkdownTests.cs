using StatusHub.Incidents;
using StatusHub.Localization;
using StatusHub.Postmortems;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Postmortems;

public class PostmortemMarkdownTests
{
    private static readonly DateTime At = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    private static PublishedPostmortem Copy(string body) => new()
    {
        Id = "inc1",
        Number = 2,
        Title = "Mail delayed",
        IncidentTitle = "Mail *delayed* [EU]",
        Body = body,
        ShortStory = "A full disk.",
        CustomerImpact = "Some mail was | late.",
        DataLoss = "None.",
        Faq = [new FaqEntry("Was _any_ mail read?", "No.")],
        Timeline = [new TimelineEntry { At = At, Kind = TimelineEntryKind.Update, Label = "Investigating", Text = "Slow.\nVery slow.", Components = [new ComponentStatusNote("Mail | EU", ComponentStatus.MajorOutage)] }],
        ActionItems = [new PublicActionItem("Alert at 80 %", ActionItemStatus.Done)],
        Impact = new PostmortemImpact
        {
            StartedAt = At,
            EndedAt = At.AddHours(2),
            AffectedFor = TimeSpan.FromHours(2),
            Worst = ComponentStatus.MajorOutage,
            Components = [new ComponentImpact("c1", "Mail | EU", ComponentStatus.MajorOutage, [new StatusTime(ComponentStatus.MajorOutage, TimeSpan.FromHours(2))])],
        },
        FirstPublishedAt = At.AddDays(1),
        PublishedAt = At.AddDays(2),
    };

    [Fact]
    public void PutsEachComputedSectionWhereItsMarkerStands()
    {
        var markdown = PostmortemMarkdown.Write(Copy("## Story\n\n{{ short_story }}\n\n## When\n\n{{ timeline }}\n\n{{ impact }}\n\n{{ action_items }}\n\n{{ data_loss }}\n\n{{ faq }}"), "https://status.example.com/", PublicText.English);

        Assert.Equal(
            """
            # Mail delayed

            Post-mortem of [Mail \*delayed\* \[EU\]](https://status.example.com/incidents/inc1)

            Published 2026-11-24 10:00 UTC · updated on 2026-11-25 10:00 UTC

            ## Story

            A full disk.

            ## When

            - **2026-11-23 10:00 UTC** · Investigating: Slow.
              Very slow. (Mail | EU: Major outage)

            Some mail was | late.

            - Began: 2026-11-23 10:00 UTC
            - Resolved: 2026-11-23 12:00 UTC
            - Duration: 2 hours
            - Service degraded or down for: 2 hours
            - Worst status: Major outage

            | Component | Time in each status |
            | --- | --- |
            | Mail \| EU | Major outage 2 hours |

            - Alert at 80 % (Done)

            None.

            **Was \_any\_ mail read?**

            No.

            """.ReplaceLineEndings("\n"),
            markdown);
    }

    [Fact]
    public void AddsTheSectionsWhoseMarkerIsMissingAtTheEndUnderTheirHeadings()
    {
        var markdown = PostmortemMarkdown.Write(Copy("Just prose."), "https://status.example.com", PublicText.English);

        var headings = markdown.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["## In short", "## Impact", "## Timeline", "## What we are changing", "## Was any data lost?", "## Questions and answers"], headings);
        Assert.True(markdown.IndexOf("Just prose.", StringComparison.Ordinal) < markdown.IndexOf("## In short", StringComparison.Ordinal));
    }

    [Fact]
    public void IsWrittenInThePagesWordsWhileStaffTextStaysAsWritten()
    {
        var markdown = PostmortemMarkdown.Write(Copy("{{ impact }}\n\n{{ action_items }}"), "https://status.example.com", PublicText.For("fr"));

        Assert.Contains("Post-mortem de [Mail \\*delayed\\* \\[EU\\]](https://status.example.com/incidents/inc1)", markdown);
        Assert.Contains("Publié 2026-11-24 10:00 UTC · mis à jour le 2026-11-25 10:00 UTC", markdown);
        Assert.Contains("- Durée\u00A0: 2 heures", markdown);
        Assert.Contains("| Composant | Durée dans chaque état |", markdown);
        Assert.Contains("- Alert at 80 % (Terminé)", markdown);
        Assert.Contains("## Chronologie", markdown);
        Assert.DoesNotContain("Began", markdown);
    }
}
