using System.Globalization;
using System.Text.Json.Nodes;

namespace StatusHub.Tests.Support;

/// <summary>A group's move to a supergroup (messages from a named person are <see cref="EnqueueMessageFrom"/>).</summary>
public sealed partial class FakeTelegramBotApi
{
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
