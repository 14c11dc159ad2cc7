using StatusHub.Localization;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;

namespace StatusHub.Postmortems;

public static class PostmortemLabels
{
    /// <summary>
    /// "2 Telegram chats", "1,204 email addresses": who a channel reached, in words customers understand, in
    /// <paramref name="text"/>'s language (English by default).
    /// </summary>
    public static string Reach(SentCount count, PublicText? text = null)
    {
        text ??= PublicText.English;
        var kind = count.Channel is ChannelNames.Telegram or ChannelNames.Email or ChannelNames.Sms or ChannelNames.Webhook ? count.Channel : "any";
        return text.Format($"Postmortem.Reach.{kind}.{(text.IsOne(count.Recipients) ? "One" : "Other")}", count.Recipients, count.Channel);
    }

    /// <summary>The key of what a post-mortem says above itself once its incident was reopened: still open, or resolved again.</summary>
    public static string ReopenedNotice(Reopening reopened) =>
        reopened.ResolvedAgainAt is null ? "Postmortem.ReopenedNotice" : "Postmortem.ReopenedResolvedNotice";
}
