using System.Text.Json.Nodes;

namespace StatusHub.Tests.Support;

/// <summary>Messages from a named Telegram user, and replies to an earlier message (Telegram's <c>reply_to_message</c>), as customers and staff write them.</summary>
public sealed partial class FakeTelegramBotApi
{
    /// <summary>
    /// Queues a message <paramref name="text"/> from user <paramref name="userId"/> (with <paramref name="username"/>) into
    /// <paramref name="chatId"/>, replying to the bot's message <paramref name="replyTo"/> when given. Returns the update.
    /// </summary>
    public JsonObject EnqueueMessageFrom(string chatId, long userId, string? username, string text, int? replyTo = null)
    {
        JsonObject message;
        lock (_lock)
        {
            var chat = ChatFor(chatId);
            var from = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "Person" };
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
            if (replyTo is { } id)
            {
                message["reply_to_message"] = new JsonObject
                {
                    ["message_id"] = id,
                    ["date"] = _time.GetUtcNow().ToUnixTimeSeconds(),
                    ["chat"] = chat.ToJson(),
                    ["from"] = Bot(),
                    ["text"] = "(forwarded)",
                };
            }
        }

        return Enqueue("message", message);
    }
}
