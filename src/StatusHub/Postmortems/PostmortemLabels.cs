using System.Globalization;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;

namespace StatusHub.Postmortems;

public static class PostmortemLabels
{
    /// <summary>"2 Telegram chats", "1,204 email addresses": who a channel reached, in words customers understand.</summary>
    public static string Reach(SentCount count)
    {
        var n = count.Recipients.ToString("N0", CultureInfo.InvariantCulture);
        var (one, many) = count.Channel switch
        {
            ChannelNames.Telegram => ("Telegram chat", "Telegram chats"),
            ChannelNames.Email => ("email address", "email addresses"),
            ChannelNames.Sms => ("phone number", "phone numbers"),
            ChannelNames.Webhook => ("webhook", "webhooks"),
            _ => ($"{count.Channel} recipient", $"{count.Channel} recipients"),
        };
        return $"{n} {(count.Recipients == 1 ? one : many)}";
    }
}
