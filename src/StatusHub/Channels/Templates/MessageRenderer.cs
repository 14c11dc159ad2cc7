using Fluid;
using Fluid.Values;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;
using StatusHub.Localization;
using StatusHub.Markdown;
using StatusHub.Text;

namespace StatusHub.Channels.Templates;

/// <summary>
/// Turns a <see cref="NotificationContent"/> into what each channel sends: Telegram HTML within 4096
/// visible characters, email subject + text + HTML, an SMS of at most two segments ending with a short link,
/// and the Statuspage-shaped JSON for webhooks. Each in one language: the templates of that language, and the
/// <see cref="LocalText"/> values of the model (status names, dates, durations) written in it; staff's own text is left as it is.
/// </summary>
public sealed class MessageRenderer(TemplateLibrary templates)
{
    public const int TelegramLimit = 4096;
    public const int SubjectLimit = 200;

    public ChannelMessage Render(string channel, NotificationContent content, string language = Languages.Default) => channel switch
    {
        ChannelNames.Telegram => Telegram(content, language),
        ChannelNames.Email => Email(content, language),
        ChannelNames.Sms => Sms(content, language),
        ChannelNames.Webhook => new ChannelMessage(content.WebhookJson()),
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
        var text = templates.Render(ChannelNames.Sms, content.Event, "text", InFormat(content.Model, ChannelFormat.SmsText, language), NullEncoder.Default, language)
            .ReplaceLineEndings(" ");
        return new ChannelMessage(SmsText.Fit(text, content.ShortUrl));
    }

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
