using Fluid;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;

namespace StatusHub.Channels.Templates;

/// <summary>
/// Turns a <see cref="NotificationContent"/> into what each channel sends: Telegram HTML within 4096
/// characters, email subject + text + HTML, an SMS of at most two segments ending with a short link,
/// and the Statuspage-shaped JSON for webhooks.
/// </summary>
public sealed class MessageRenderer(TemplateLibrary templates)
{
    public const int TelegramLimit = 4096;
    public const int SubjectLimit = 200;

    public ChannelMessage Render(string channel, NotificationContent content) => channel switch
    {
        ChannelNames.Telegram => Telegram(content),
        ChannelNames.Email => Email(content),
        ChannelNames.Sms => Sms(content),
        ChannelNames.Webhook => new ChannelMessage(content.WebhookJson()),
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };

    private ChannelMessage Telegram(NotificationContent content)
    {
        var text = templates.Render(ChannelNames.Telegram, content.Event, "text", content.Model, TemplateLibrary.Html);
        if (text.Length <= TelegramLimit)
        {
            return new ChannelMessage(text);
        }

        // Too long: shorten the free text (update or maintenance body) and point to the page for the rest.
        var model = content.Model.ToDictionary(p => p.Key, p => p.Value);
        var readMore = $"… (continued at {content.Url})";
        for (var attempt = 0; attempt < 3 && text.Length > TelegramLimit; attempt++)
        {
            var overflow = text.Length - TelegramLimit + readMore.Length + 16;
            if (!ShortenBody(model, "update", overflow, readMore) && !ShortenBody(model, "maintenance", overflow, readMore))
            {
                break;
            }

            text = templates.Render(ChannelNames.Telegram, content.Event, "text", model, TemplateLibrary.Html);
        }

        if (text.Length > TelegramLimit)
        {
            // Last resort: plain text, cut hard, so the message still goes out rather than being refused.
            var link = "\n" + content.Url;
            var plain = System.Net.WebUtility.HtmlEncode(content.Title);
            text = (plain.Length > TelegramLimit - link.Length ? plain[..(TelegramLimit - link.Length - 1)] + "…" : plain) + link;
        }

        return new ChannelMessage(text);
    }

    private ChannelMessage Email(NotificationContent content)
    {
        // Each recipient's own links replace the markers when the message is addressed.
        var model = new Dictionary<string, object?>(content.Model)
        {
            ["unsubscribe_url"] = StatusHub.Channels.Email.EmailChannel.UnsubscribeMarker,
            ["manage_url"] = StatusHub.Channels.Email.EmailChannel.ManageMarker,
        };
        var subject = templates.Render(ChannelNames.Email, content.Event, "subject", model, NullEncoder.Default)
            .ReplaceLineEndings(" ");
        if (subject.Length > SubjectLimit)
        {
            subject = subject[..(SubjectLimit - 1)] + "…";
        }

        var text = templates.Render(ChannelNames.Email, content.Event, "text", model, NullEncoder.Default);
        var html = templates.Render(ChannelNames.Email, content.Event, "html", model, TemplateLibrary.Html);
        return new ChannelMessage(text, subject, html);
    }

    private ChannelMessage Sms(NotificationContent content)
    {
        var text = templates.Render(ChannelNames.Sms, content.Event, "text", content.Model, NullEncoder.Default)
            .ReplaceLineEndings(" ");
        return new ChannelMessage(SmsText.Fit(text, content.ShortUrl));
    }

    private static bool ShortenBody(Dictionary<string, object?> model, string key, int overflow, string suffix)
    {
        if (model.GetValueOrDefault(key) is not Dictionary<string, object?> part || part.GetValueOrDefault("body") is not string body || body.Length <= suffix.Length)
        {
            return false;
        }

        // The overflow is counted in the rendered (escaped) text, where "<" takes four characters: cut the
        // body to the longest start that escapes within what is left, and never between a surrogate pair.
        var budget = TemplateLibrary.Html.Encode(body).Length - overflow;
        int low = 0, high = body.Length;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            (low, high) = TemplateLibrary.Html.Encode(body[..middle]).Length <= budget ? (middle, high) : (low, middle - 1);
        }

        var keep = low > 0 && char.IsHighSurrogate(body[low - 1]) ? low - 1 : low;
        var shortened = new Dictionary<string, object?>(part) { ["body"] = body[..keep].TrimEnd() + suffix };
        model[key] = shortened;
        return true;
    }
}
