using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using StatusHub.Channels;
using StatusHub.Channels.Pages;
using StatusHub.Text;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// A preview condensed for a phone: per channel whether it sends and to how many, and the start of what it sends
/// (an email's subject, an SMS's segments). The same <see cref="ChannelPreview"/>s the web UI's publish panel shows.
/// </summary>
public static partial class StaffPreviewText
{
    private const int ShownCharacters = 160;

    public static string Render(StaffPreview preview)
    {
        var text = new StringBuilder(preview.Headline).Append("\n\n<b>What goes out</b>");
        foreach (var channel in preview.Channels)
        {
            text.Append("\n• <b>").Append(HtmlText.Escape(PublishPanel.ChannelLabel(channel.Channel))).Append("</b>: ").Append(State(channel, preview.Publish));
            if (Sends(channel, preview.Publish) && channel.Message is { } message)
            {
                if (message.Subject is { Length: > 0 } subject)
                {
                    text.Append("\n   Subject: ").Append(HtmlText.Escape(Ellipsis.Shorten(subject, ShownCharacters)));
                }

                if (channel.SmsSegments is { } segments)
                {
                    text.Append("\n   ").Append(segments.Segments.ToString(CultureInfo.InvariantCulture)).Append(segments.Segments == 1 ? " SMS segment" : " SMS segments");
                }

                text.Append("\n   <i>").Append(HtmlText.Escape(Ellipsis.Shorten(Plain(channel.Channel, message.Text), ShownCharacters))).Append("</i>");
            }
        }

        return text.ToString();
    }

    private static bool Sends(ChannelPreview channel, PublishChoice publish) =>
        channel.IsOn && channel.CarriesEvent && publish.Includes(channel.Channel) && channel.Recipients > 0;

    private static string State(ChannelPreview channel, PublishChoice publish) =>
        !channel.IsOn ? "off, nothing is sent"
        : !channel.CarriesEvent ? "not sent for this kind of update"
        : !publish.Includes(channel.Channel) ? "not chosen, nothing is sent"
        : channel.Recipients == 0 ? "no recipients"
        : channel.RecipientsText;

    /// <summary>One line of what the channel sends: Telegram's own HTML without its tags, every channel's whitespace folded.</summary>
    private static string Plain(string channel, string text)
    {
        var visible = channel == ChannelNames.Telegram ? System.Net.WebUtility.HtmlDecode(Tag().Replace(text, "")) : text;
        return Whitespace().Replace(visible, " ").Trim();
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
