using System.Net;
using System.Text.Json.Nodes;

namespace StatusHub.Tests.Support;

/// <summary>
/// What the staff commands need of the fake: messages and button taps from a given user in any chat (replies to the
/// bot's questions included), and editMessageText with Telegram's HTML checks. The texts sent and edited are kept per message.
/// </summary>
public sealed partial class FakeTelegramBotApi
{
    /// <summary>Queues a message from user <paramref name="userId"/> in <paramref name="chatId"/>, optionally replying to the bot's message <paramref name="replyTo"/> (a question it asked, a customer's message it forwarded).</summary>
    /// <param name="languageCode">The <c>from.language_code</c> the user's Telegram app reports; none when null.</param>
    public JsonObject EnqueueMessageFrom(string chatId, long userId, string text, int? replyTo = null, string? username = null, string? languageCode = null) =>
        EnqueueFrom(chatId, userId, new JsonObject { ["text"] = text }, replyTo, username, languageCode);

    /// <summary>Queues a photo from user <paramref name="userId"/>, with <paramref name="caption"/> under it when given, as Telegram's app sends one.</summary>
    public JsonObject EnqueuePhotoFrom(string chatId, long userId, string? caption, string? languageCode = null)
    {
        var content = new JsonObject
        {
            ["photo"] = new JsonArray(new JsonObject { ["file_id"] = "AgACAgIAAxkBAAIBfakePhoto", ["file_unique_id"] = "AQADfake", ["width"] = 90, ["height"] = 60 }),
        };
        if (caption is not null)
        {
            content["caption"] = caption;
        }

        return EnqueueFrom(chatId, userId, content, null, null, languageCode);
    }

    private JsonObject EnqueueFrom(string chatId, long userId, JsonObject content, int? replyTo, string? username, string? languageCode)
    {
        JsonObject message;
        lock (_lock)
        {
            var chat = ChatFor(chatId);
            message = new JsonObject
            {
                ["message_id"] = chat.NextMessageId++,
                ["date"] = _time.GetUtcNow().ToUnixTimeSeconds(),
                ["chat"] = chat.ToJson(),
                ["from"] = Person(userId, username),
            };
            foreach (var (key, value) in content)
            {
                message[key] = value?.DeepClone();
            }
            if (languageCode is not null)
            {
                message["from"]!["language_code"] = languageCode;
            }

            if (replyTo is { } repliedTo)
            {
                message["reply_to_message"] = new JsonObject
                {
                    ["message_id"] = repliedTo,
                    ["date"] = _time.GetUtcNow().ToUnixTimeSeconds(),
                    ["chat"] = chat.ToJson(),
                    ["from"] = Bot(),
                    ["text"] = "(the bot's message)",
                };
            }
        }

        return Enqueue("message", message);
    }

    /// <summary>Queues a tap by user <paramref name="userId"/> on a button of the bot's message <paramref name="messageId"/>; returns the update (its callback query id is fresh).</summary>
    public JsonObject EnqueueCallbackFrom(string chatId, long userId, int messageId, string data, string? username = null)
    {
        JsonObject query;
        lock (_lock)
        {
            var chat = ChatFor(chatId);
            query = new JsonObject
            {
                ["id"] = $"cb{++_lastCallbackId}",
                ["from"] = Person(userId, username),
                ["chat_instance"] = $"instance{chatId}",
                ["data"] = data,
                ["message"] = new JsonObject
                {
                    ["message_id"] = messageId,
                    ["date"] = _time.GetUtcNow().ToUnixTimeSeconds(),
                    ["chat"] = chat.ToJson(),
                    ["from"] = Bot(),
                    ["text"] = "(keyboard)",
                },
            };
        }

        return Enqueue("callback_query", query);
    }

    /// <summary>editMessageText: the message must be the bot's, the new text valid HTML within the limit, and different.</summary>
    private (Microsoft.AspNetCore.Http.IResult Result, int? MessageId, int? ErrorCode) EditText(TelegramCall call)
    {
        if (call.ChatId is null || call.MessageId is not { } id)
        {
            return Fail(400, "Bad Request: message_id is empty");
        }

        if (string.IsNullOrEmpty(call.Text))
        {
            return Fail(400, "Bad Request: text must be non-empty");
        }

        if (string.Equals(call.ParseMode, "HTML", StringComparison.OrdinalIgnoreCase) && HtmlProblem(call.Text) is { } problem)
        {
            return Fail(400, "Bad Request: can't parse entities: " + problem);
        }

        var visible = string.Equals(call.ParseMode, "HTML", StringComparison.OrdinalIgnoreCase) ? WebUtility.HtmlDecode(Tag().Replace(call.Text, "")) : call.Text;
        if (visible.Length > MessageLimit)
        {
            return Fail(400, "Bad Request: MESSAGE_TOO_LONG");
        }

        var chat = ChatFor(call.ChatId);
        if (!chat.Messages.Contains(id))
        {
            return Fail(400, "Bad Request: message to edit not found");
        }

        var message = new JsonObject
        {
            ["message_id"] = id,
            ["date"] = _time.GetUtcNow().ToUnixTimeSeconds(),
            ["edit_date"] = _time.GetUtcNow().ToUnixTimeSeconds(),
            ["chat"] = chat.ToJson(),
            ["from"] = Bot(),
            ["text"] = visible,
        };
        if (call.Body["reply_markup"] is { } markup)
        {
            message["reply_markup"] = markup.DeepClone();
        }

        return (Ok(message), id, null);
    }

    private static JsonObject Person(long userId, string? username)
    {
        var user = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = $"User {userId}" };
        if (username is not null)
        {
            user["username"] = username;
        }

        return user;
    }
}
