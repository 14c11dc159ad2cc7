using System.Globalization;
using System.Text.Json.Nodes;

namespace StatusHub.Tests.Support;

/// <summary>Updates from a named person (their own id and @username, in a private chat or a group) and a group's move to a supergroup.</summary>
public sealed partial class FakeTelegramBotApi
{
    /// <summary>
    /// Queues a message from the Telegram user <paramref name="userId"/> into <paramref name="chatId"/>: their private chat with the
    /// bot when that is their id, else a group. Returns the update.
    /// </summary>
    public JsonObject EnqueueMessageFromUser(string chatId, long userId, string? username, string text)
    {
        JsonObject message;
        lock (_lock)
        {
            var chat = ChatFor(chatId);
            var from = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "Person " + userId.ToString(CultureInfo.InvariantCulture) };
            if (username is not null)
            {
                from["username"] = username;
            }

            message = new JsonObject
            {
                ["message_id"] = chat.NextMessageId++,
                ["date"] = _time.GetUtcNow().ToUnixTimeSeconds(),
                ["chat"] = chat.ToJson(),
                ["from"] = from,
                ["text"] = text,
            };
        }

        return Enqueue("message", message);
    }

    /// <summary>
    /// Queues the service message Telegram puts in the supergroup <paramref name="toChatId"/> that the group <paramref name="fromChatId"/>
    /// became (<c>migrate_from_chat_id</c>). Returns the update.
    /// </summary>
    public JsonObject EnqueueGroupMigration(string fromChatId, string toChatId)
    {
        JsonObject message;
        lock (_lock)
        {
            var chat = ChatFor(toChatId);
            message = new JsonObject
            {
                ["message_id"] = chat.NextMessageId++,
                ["date"] = _time.GetUtcNow().ToUnixTimeSeconds(),
                ["chat"] = chat.ToJson(),
                ["from"] = new JsonObject { ["id"] = 4242, ["is_bot"] = false, ["first_name"] = "Admin" },
                ["migrate_from_chat_id"] = long.Parse(fromChatId, CultureInfo.InvariantCulture),
            };
        }

        return Enqueue("message", message);
    }
}
