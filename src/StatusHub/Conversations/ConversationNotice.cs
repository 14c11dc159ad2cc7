using System.Text.Json.Nodes;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using static StatusHub.Channels.Outbox.NotificationContent;

namespace StatusHub.Conversations;

/// <summary>Staff's answer to a customer, as the email and Telegram templates see it (<c>reply.*</c>).</summary>
public static class ConversationNotice
{
    public static NotificationContent For(PageInfo page, Conversation conversation, ConversationMessage? original, string reply)
    {
        var title = $"Re: your message to {page.Name}";
        var model = BaseModel(NotificationEvent.ConversationReply, page, title, page.Url, page.Url);
        model["title"] = new LocalText(language => MessageWords.Format("title.conversation_reply", language, page.Name));
        model["reply"] = new Dictionary<string, object?>
        {
            ["body"] = reply,
            ["original"] = original?.Text,
            ["quoted"] = original is null ? null : string.Join('\n', original.Text.Split('\n').Select(line => "> " + line)),
            ["original_at"] = original is null ? null : LocalText.Moment(original.At, page.Zone),
        };
        var payload = new JsonObject { ["page"] = new JsonObject { ["name"] = page.Name, ["url"] = page.Url } };
        return new NotificationContent(NotificationEvent.ConversationReply, title, Conversation.AuditSubject(conversation.Id), null, [], model, payload);
    }
}
