using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.Localization;

namespace StatusHub.Tests.Channels.Templates;

/// <summary>The built-in templates in every shipped language, and an operator's template in one language.</summary>
public class TemplateLanguagesTests
{
    private static readonly string[] Translated = [.. Languages.Supported.Where(l => l != Languages.Default)];

    private static readonly PageInfo Page = new("Acme", "https://status.example.com", "https://status.example.com/contact");

    private static readonly DateTime At = new(2026, 12, 4, 15, 52, 0, DateTimeKind.Utc);

    /// <summary>What gives an untranslated English template away.</summary>
    private static readonly string[] EnglishGiveaways =
        ["status page", "Unsubscribe", "Reply STOP", "You receive", "Investigating", "Follow it", "Someone (probably you)", "The Acme team", "December", "hours", "Maintenance in progress",
         "Scheduled maintenance", "Maintenance cancelled", "Resolved:", "Affects:", "Requested by", "If you can read this", "Post-mortem", "Test post", "Acme status"];

    /// <summary>The chat workspaces' and social accounts' channels: posts to everyone, never personal notices.</summary>
    private static readonly string[] Posts = [.. ChannelNames.Announcements, .. ChannelNames.Social];

    [Fact]
    public void EveryBuiltInEnglishTemplateHasAGermanFrenchAndSpanishTwin()
    {
        var names = typeof(TemplateLibrary).Assembly.GetManifestResourceNames().ToHashSet(StringComparer.Ordinal);
        var english = names.Select(n => n.Split('/')).Where(p => p is ["templates", _, _] && p[2].EndsWith(".liquid", StringComparison.Ordinal)).ToList();

        var missing = english.SelectMany(p => Translated.Select(language => $"templates/{p[1]}/{language}/{p[2]}")).Where(n => !names.Contains(n)).ToList();

        Assert.Equal(36, english.Count);
        Assert.True(missing.Count == 0, "No twin for:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void EveryEventRendersOnEveryChannelInEveryLanguageWithNoEnglishLeftInTheTranslations()
    {
        var library = new TemplateLibrary(Path.Combine(RepositoryRoot.Path, "templates"), new ListLogger<TemplateLibrary>());
        var renderer = new MessageRenderer(library);
        var leftovers = new List<string>();

        foreach (var content in Contents())
        {
            foreach (var channel in new[] { ChannelNames.Email, ChannelNames.Telegram, ChannelNames.Sms }.Concat(content.Event.IsPersonal() ? [] : Posts))
            {
                var english = renderer.Render(channel, content, "en");
                foreach (var language in Translated)
                {
                    var message = renderer.Render(channel, content, language);
                    var all = $"{message.Subject}\n{message.Text}\n{message.Html}\n{message.Payload}\n{message.Card?.Description}";
                    // A chat post's text can be staff's words alone (a post-mortem's story); its title then tells the language.
                    Assert.NotEqual(Posts.Contains(channel) ? $"{english.Subject}\n{english.Text}" : english.Text, Posts.Contains(channel) ? $"{message.Subject}\n{message.Text}" : message.Text);
                    leftovers.AddRange(EnglishGiveaways.Where(word => all.Contains(word, StringComparison.Ordinal)).Select(word => $"{channel}/{language}/{content.Event.ToWire()}: \"{word}\" in {all}"));
                }
            }
        }

        Assert.Empty(library.Problems);
        Assert.True(leftovers.Count == 0, string.Join("\n\n", leftovers.Take(5)));
    }

    [Fact]
    public void StatusNamesDatesAndDurationsAreWrittenInTheReadersLanguage()
    {
        var renderer = new MessageRenderer(new TemplateLibrary(Path.Combine(RepositoryRoot.Path, "templates"), new ListLogger<TemplateLibrary>()));
        var reminder = Content(NotificationEvent.MaintenanceReminder);

        Assert.Equal(
            [
                "Acme: Maintenance in 90 minutes - Database upgrade, 2026-12-04 15:52 UTC. Reply STOP to opt out.",
                "Acme: Wartung in 90 Minuten - Database upgrade, 4. Dezember 2026, 15:52 UTC. Abmelden: Antworten Sie STOP.",
                "Acme : Maintenance dans 90 minutes - Database upgrade, 4 décembre 2026 à 15:52 UTC. Répondez STOP pour vous désabonner.",
                "Acme: Mantenimiento dentro de 90 minutos - Database upgrade, 4 de diciembre de 2026, 15:52 UTC. Responda STOP para darse de baja.",
            ],
            Languages.Supported.Select(language => renderer.Render(ChannelNames.Sms, reminder, language).Text.Split(" https://")[0]));
        Assert.Contains("<b>Wird untersucht</b>", renderer.Render(ChannelNames.Telegram, Content(NotificationEvent.IncidentUpdated), "de").Text);
        Assert.Contains("Interrupción grave", renderer.Render(ChannelNames.Email, Content(NotificationEvent.IncidentUpdated), "es").Html);
        Assert.Equal("3 horas y 30 minutos", MessageWords.Units("es", hours: 3, minutes: 30));
        Assert.Equal("3 hours 30 minutes", MessageWords.Units("en", hours: 3, minutes: 30));
    }

    [Fact]
    public void AnOperatorsTemplateInOneLanguageIsUsedForThatLanguageAndTheOthersKeepTheirOwn()
    {
        using var folder = new TempFolder();
        var templates = Path.Combine(folder.Path, "templates");
        Directory.CreateDirectory(Path.Combine(templates, "sms", "de"));
        File.WriteAllText(Path.Combine(templates, "sms", "de", "incident_created.text.liquid"), "STÖRUNG {{ incident.name }}");
        File.WriteAllText(Path.Combine(templates, "sms", "incident_created.text.liquid"), "DOWN {{ incident.name }}");
        var library = new TemplateLibrary(templates, new ListLogger<TemplateLibrary>());
        var content = Content(NotificationEvent.IncidentCreated);

        library.Check(ChannelNames.All);

        Assert.Empty(library.Problems);
        Assert.Equal("STÖRUNG Checkout is down", library.Render(ChannelNames.Sms, content.Event, "text", Model(NotificationEvent.IncidentCreated), Fluid.NullEncoder.Default, "de"));
        Assert.Equal("DOWN Checkout is down", library.Render(ChannelNames.Sms, content.Event, "text", Model(NotificationEvent.IncidentCreated), Fluid.NullEncoder.Default, "en"));
        Assert.StartsWith("Acme : Incident - Checkout is down", library.Render(ChannelNames.Sms, content.Event, "text", Model(NotificationEvent.IncidentCreated), Fluid.NullEncoder.Default, "fr"));
    }

    [Fact]
    public void TheCheckAtStartCoversEveryLanguageFolderAndReportsAFolderNamedForNoLanguage()
    {
        using var folder = new TempFolder();
        var templates = Path.Combine(folder.Path, "templates");
        Directory.CreateDirectory(Path.Combine(templates, "email", "fr"));
        Directory.CreateDirectory(Path.Combine(templates, "email", "deu"));
        File.WriteAllText(Path.Combine(templates, "email", "fr", "default.subject.liquid"), "{% if title %}pas fermé");
        var library = new TemplateLibrary(templates, new ListLogger<TemplateLibrary>());

        library.Check(ChannelNames.All);
        var subject = new MessageRenderer(library).Render(ChannelNames.Email, Content(NotificationEvent.IncidentCreated), "fr").Subject;

        Assert.Equal(
            [Path.Combine("templates", "email", "deu"), Path.Combine("templates", "email", "fr", "default.subject.liquid")],
            library.Problems.Select(p => p.File));
        Assert.Contains("de, fr, es", library.Problems.First().Error, StringComparison.Ordinal);
        Assert.Equal("[Acme] Incident\u00a0: Checkout is down", subject);
    }

    private static IEnumerable<NotificationContent> Contents() =>
        Enum.GetValues<NotificationEvent>().Where(e => e != NotificationEvent.ComponentUpdated).Select(Content);

    private static NotificationContent Content(NotificationEvent notificationEvent) =>
        new(notificationEvent, "Checkout is down", null, null, [], Model(notificationEvent), new System.Text.Json.Nodes.JsonObject());

    /// <summary>What the features' notices put in the model, with their words as <see cref="LocalText"/>.</summary>
    private static Dictionary<string, object?> Model(NotificationEvent notificationEvent)
    {
        var model = NotificationContent.BaseModel(notificationEvent, Page, "Checkout is down", Page.Link("/incidents/1"), Page.Link("/i/1"));
        switch (notificationEvent)
        {
            case NotificationEvent.IncidentCreated or NotificationEvent.IncidentUpdated or NotificationEvent.IncidentResolved:
                model["incident"] = new Dictionary<string, object?> { ["name"] = "Checkout is down", ["status_label"] = LocalText.Word("incident.investigating") };
                model["update"] = new Dictionary<string, object?>
                {
                    ["status_label"] = LocalText.Word("incident.investigating"),
                    ["display_at"] = LocalText.Moment(At, null),
                    ["body"] = new StatusHub.Markdown.MarkdownText("We are **looking** into it."),
                    ["body_html"] = "<p>We are <strong>looking</strong> into it.</p>",
                    ["components"] = new List<Dictionary<string, object?>> { new() { ["name"] = "API", ["status_label"] = LocalText.Word("component.major_outage") } },
                };
                break;
            case NotificationEvent.PostmortemPublished:
                model["postmortem"] = new Dictionary<string, object?> { ["title"] = "Checkout outage", ["incident_name"] = "Checkout is down", ["short_story"] = "A disk filled.", ["short_story_html"] = "<p>A disk filled.</p>", ["data_loss"] = "None." };
                break;
            case NotificationEvent.CustomerLetter:
                model["letter"] = new Dictionary<string, object?>
                {
                    ["incident_name"] = "Checkout is down", ["short_story"] = "A disk filled.", ["short_story_html"] = "<p>A disk filled.</p>", ["data_loss"] = "None.", ["data_loss_html"] = "<p>None.</p>",
                    ["changes"] = new List<Dictionary<string, object?>> { new() { ["description"] = "Alert on disk space", ["status"] = LocalText.Word("action.open") } },
                    ["postmortem_url"] = Page.Link("/p/1"), ["status_page_url"] = Page.Url, ["subscribe_url"] = Page.Link("/subscribe"), ["telegram_channel_url"] = "https://t.me/acme",
                };
                break;
            case NotificationEvent.ConversationReply:
                model["reply"] = new Dictionary<string, object?> { ["body"] = "Fixed now.", ["original"] = "Is it down?", ["quoted"] = "> Is it down?", ["original_at"] = LocalText.Moment(At, null) };
                break;
            case NotificationEvent.SubscriptionConfirmation:
                model["subscription"] = new Dictionary<string, object?> { ["confirm_url"] = Page.Link("/subscribe/confirm?id=a&token=b"), ["confirm_by"] = LocalText.Moment(At, null), ["following"] = LocalText.Word("following.all") };
                break;
            case NotificationEvent.ConfirmationCode:
                model["code"] = "123456";
                model["valid_minutes"] = 10;
                break;
            case NotificationEvent.Test:
                model["requested_by"] = "ann@example.org";
                model["title"] = LocalText.Word("title.test");
                break;
            default:
                model["maintenance"] = new Dictionary<string, object?>
                {
                    ["name"] = "Database upgrade", ["status_label"] = LocalText.Word("maintenance.scheduled"), ["starts_at"] = LocalText.Moment(At, null), ["ends_at"] = LocalText.Moment(At.AddHours(2), null),
                    ["starts_in"] = LocalText.Units(minutes: 90), ["body"] = new StatusHub.Markdown.MarkdownText("Short downtime."), ["body_html"] = "<p>Short downtime.</p>", ["components"] = new List<string> { "API" },
                };
                break;
        }

        return model;
    }
}
