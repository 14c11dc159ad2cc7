using Fluid;
using Fluid.Values;
using StatusHub.Channels.Outbox;
using Microsoft.Extensions.Options;
using StatusHub.Channels.Sms;
using StatusHub.Channels.Social;
using StatusHub.Localization;
using StatusHub.Markdown;
using StatusHub.Text;

namespace StatusHub.Channels.Templates;

/// <summary>
/// Turns a <see cref="NotificationContent"/> into what each channel sends: Telegram HTML within 4096
/// visible characters, email subject + text + HTML, an SMS of at most two segments ending with a short link,
/// Mastodon and Bluesky posts shortened to their limits with the link whole at the end, and the Statuspage-shaped JSON
/// for webhooks. Each in one language: the templates of that language, and the <see cref="LocalText"/> values of the
/// model (status names, dates, durations) written in it; staff's own text is left as it is.
/// </summary>
/// <param name="mastodon">For the instance's post limit; without it, Mastodon's default of 500.</param>
public sealed class MessageRenderer(TemplateLibrary templates, IOptionsMonitor<MastodonOptions>? mastodon = null)
{
    public const int TelegramLimit = 4096;
    public const int SubjectLimit = 200;

    public ChannelMessage Render(string channel, NotificationContent content, string language = Languages.Default) => channel switch
    {
        ChannelNames.Telegram => Telegram(content, language),
        ChannelNames.Email => Email(content, language),
        ChannelNames.Sms => Sms(content, language),
        ChannelNames.Webhook => new ChannelMessage(content.WebhookJson()),
        ChannelNames.Mastodon => Mastodon(content, language),
        ChannelNames.Bluesky => Bluesky(content, language),
        _ when Announcements.AnnouncementPlatform.Find(channel) is { } platform => Announcement(platform, content, language),
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };

    private ChannelMessage Telegram(NotificationContent content, string language)
    {
        var model = InFormat(content.Model, ChannelFormat.TelegramHtml, language);
        var text = templates.Render(ChannelNames.Telegram, content.Event, "text", model, TemplateLibrary.Html, language);
        var overflow = ChannelMarkdown.TelegramVisibleLength(text) - TelegramLimit;
        if (overflow <= 0)
        {
            return new ChannelMessage(text);
        }

        // Too long: shorten the free text (update or maintenance body) and point to the page for the rest.
        var readMore = MessageWords.Format("telegram.continued", language, TemplateLibrary.Html.Encode(content.Url));
        if (ShortenBody(model, "update", overflow, readMore) || ShortenBody(model, "maintenance", overflow, readMore))
        {
            text = templates.Render(ChannelNames.Telegram, content.Event, "text", model, TemplateLibrary.Html, language);
        }

        // Whatever is still over (a template that repeats the body, a very long title) is cut at the limit.
        return new ChannelMessage(ChannelMarkdown.CutTelegramHtml(text, TelegramLimit));
    }

    private ChannelMessage Email(NotificationContent content, string language)
    {
        // Each recipient's own links replace the markers when the message is addressed.
        var links = new Dictionary<string, object?>
        {
            ["unsubscribe_url"] = StatusHub.Channels.Email.EmailChannel.UnsubscribeMarker,
            ["manage_url"] = StatusHub.Channels.Email.EmailChannel.ManageMarker,
        };
        var model = InFormat(content.Model.Concat(links).ToDictionary(), ChannelFormat.EmailText, language);
        var subject = templates.Render(ChannelNames.Email, content.Event, "subject", model, NullEncoder.Default, language)
            .ReplaceLineEndings(" ");
        subject = Ellipsis.Shorten(subject, SubjectLimit);

        var text = templates.Render(ChannelNames.Email, content.Event, "text", model, NullEncoder.Default, language);
        var html = templates.Render(ChannelNames.Email, content.Event, "html", InFormat(content.Model.Concat(links).ToDictionary(), ChannelFormat.EmailHtml, language), TemplateLibrary.Html, language);
        return new ChannelMessage(text, subject, html);
    }

    private ChannelMessage Sms(NotificationContent content, string language)
    {
        var model = InFormat(content.Model, ChannelFormat.SmsText, language);
        var text = templates.Render(ChannelNames.Sms, content.Event, "text", model, NullEncoder.Default, language).ReplaceLineEndings(" ");
        // The opt-out line is the law's, not the message's: only the message gives way when the whole is too long.
        var optOut = templates.Render(ChannelNames.Sms, content.Event, "optout", model, NullEncoder.Default, language).ReplaceLineEndings(" ").Trim();
        return new ChannelMessage(SmsText.Fit(text, optOut.Length == 0 ? content.ShortUrl : $"{optOut} {content.ShortUrl}"));
    }

    /// <summary>
    /// The title (the <c>subject</c> template) and text (<c>text</c>, Markdown values as plain text) a chat post shows, each
    /// shortened to what the platform holds, and the platform's payload built from them.
    /// </summary>
    private ChannelMessage Announcement(Announcements.AnnouncementPlatform platform, NotificationContent content, string language)
    {
        var model = InFormat(content.Model, ChannelFormat.EmailText, language);
        var rendered = templates.Render(platform.Channel, content.Event, "subject", model, NullEncoder.Default, language).ReplaceLineEndings(" ");
        // An empty title would make Slack refuse the post (and mark the endpoint failing): an edited template cannot cause that.
        var title = Ellipsis.Shorten(rendered.Length > 0 ? rendered : content.Title, platform.TitleLimit);
        var text = Ellipsis.Shorten(templates.Render(platform.Channel, content.Event, "text", model, NullEncoder.Default, language), platform.TextLimit);
        var post = new Announcements.AnnouncementPost(title, text, content.Url, Announcements.AnnouncementTones.Of(content), MessageWords.Get("chat.details", language));
        return new ChannelMessage(text, title, Payload: platform.Payload(post).ToJsonString());
    }

    private ChannelMessage Mastodon(NotificationContent content, string language)
    {
        var max = Math.Max(1, mastodon?.CurrentValue.MaxCharacters ?? MastodonOptions.DefaultMaxCharacters);
        return new ChannelMessage(SocialText.Fit(PostText(ChannelNames.Mastodon, content, language), content.Url, text => SocialText.MastodonLength(text) <= max));
    }

    /// <summary>The post, and the card of the page it links to (the notice's title, and the template's <c>card</c> part as its description).</summary>
    private ChannelMessage Bluesky(NotificationContent content, string language)
    {
        var text = SocialText.Fit(PostText(ChannelNames.Bluesky, content, language), content.Url, SocialText.FitsBluesky);
        var description = templates.Render(ChannelNames.Bluesky, content.Event, "card", InFormat(content.Model, ChannelFormat.EmailText, language), NullEncoder.Default, language)
            .ReplaceLineEndings(" ");
        return new ChannelMessage(text, Card: new LinkCard(content.Url, Ellipsis.Shorten(content.Title, SocialText.BlueskyMaxGraphemes), Ellipsis.Shorten(description, SocialText.BlueskyMaxGraphemes)));
    }

    /// <summary>Plain text: every value as it is (the platforms show text, never markup) and Markdown without its marks, links as "text (url)".</summary>
    private string PostText(string channel, NotificationContent content, string language) =>
        templates.Render(channel, content.Event, "text", InFormat(content.Model, ChannelFormat.EmailText, language), NullEncoder.Default, language);

    private static bool ShortenBody(Dictionary<string, object?> model, string key, int overflow, string suffix)
    {
        if (model.GetValueOrDefault(key) is not Dictionary<string, object?> part || part.GetValueOrDefault("body") is not StringValue { } body)
        {
            return false;
        }

        var html = body.ToStringValue();
        var keep = ChannelMarkdown.TelegramVisibleLength(html) - overflow;
        if (keep <= ChannelMarkdown.TelegramVisibleLength(suffix))
        {
            return false;
        }

        model[key] = new Dictionary<string, object?>(part) { ["body"] = new StringValue(ChannelMarkdown.CutTelegramHtml(html, keep, suffix), encode: false) };
        return true;
    }

    /// <summary>
    /// The model with every Markdown value rendered for one channel format, so <c>{{ update.body }}</c> reads right in
    /// every template: Telegram and email HTML go out as markup (already safe), text formats as plain text. Every
    /// <see cref="LocalText"/> is written in <paramref name="language"/>.
    /// </summary>
    private static Dictionary<string, object?> InFormat(IReadOnlyDictionary<string, object?> model, ChannelFormat format, string language) =>
        model.ToDictionary(p => p.Key, p => InFormat(p.Value, format, language));

    private static object? InFormat(object? value, ChannelFormat format, string language) => value switch
    {
        MarkdownText markdown => new StringValue(ChannelMarkdown.Render(markdown.Source, format), encode: format is not (ChannelFormat.TelegramHtml or ChannelFormat.EmailHtml)),
        LocalText local => local.In(language),
        IReadOnlyDictionary<string, object?> nested => InFormat(nested, format, language),
        IEnumerable<IReadOnlyDictionary<string, object?>> items => items.Select(item => InFormat(item, format, language)).ToList(),
        IEnumerable<LocalText> words => words.Select(word => word.In(language)).ToList(),
        _ => value,
    };
}
