using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace StatusHub.Tests.Support;

/// <summary>The Bot API methods the fake answers, with Telegram's checks and JSON shapes, and the chats they act on.</summary>
public sealed partial class FakeTelegramBotApi
{
    private static readonly HashSet<string> HtmlTags = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span", "tg-spoiler", "tg-emoji", "blockquote"];

    private (IResult Result, TelegramCall Recorded) Answer(TelegramCall call)
    {
        var injected = _nextFaults.FindIndex(f => f.Method == call.Method);
        if (injected >= 0)
        {
            var fault = _nextFaults[injected].Fault;
            _nextFaults.RemoveAt(injected);
            return (Error(fault), call with { ErrorCode = fault.ErrorCode, RetryAfter = fault.RetryAfter });
        }

        if (call.ChatId is { } target && _chatFaults.TryGetValue(target, out var chatFault))
        {
            return (Error(chatFault), call with { ErrorCode = chatFault.ErrorCode, RetryAfter = chatFault.RetryAfter });
        }

        if (call.Method == "sendMessage" && _sendsThrottledUntil > call.At)
        {
            var throttled = TelegramFault.TooManyRequests((int)Math.Ceiling((_sendsThrottledUntil - call.At).TotalSeconds));
            return (Error(throttled), call with { ErrorCode = throttled.ErrorCode, RetryAfter = throttled.RetryAfter });
        }

        var outcome = call.Method switch
        {
            "getMe" => (Ok(Bot()), null, null),
            "getUpdates" => GetUpdates(call.Body),
            "sendMessage" => SendMessage(call),
            "pinChatMessage" => Pin(call),
            "unpinChatMessage" => Unpin(call),
            "setWebhook" or "deleteWebhook" or "answerCallbackQuery" => (Ok(true), null, null),
            "editMessageReplyMarkup" => EditReplyMarkup(call),
            "editMessageText" => EditText(call),
            _ => Fail(404, "Not Found"),
        };
        return (outcome.Result, call with { MessageId = outcome.MessageId ?? call.MessageId, ErrorCode = outcome.ErrorCode });
    }

    private (IResult Result, int? MessageId, int? ErrorCode) SendMessage(TelegramCall call)
    {
        if (call.ChatId is null)
        {
            return Fail(400, "Bad Request: chat_id is empty");
        }

        if (string.IsNullOrEmpty(call.Text))
        {
            return Fail(400, "Bad Request: message text is empty");
        }

        var visible = call.Text;
        if (string.Equals(call.ParseMode, "HTML", StringComparison.OrdinalIgnoreCase))
        {
            if (HtmlProblem(call.Text) is { } problem)
            {
                return Fail(400, "Bad Request: can't parse entities: " + problem);
            }

            visible = WebUtility.HtmlDecode(Tag().Replace(call.Text, ""));
        }

        if (visible.Length > MessageLimit)
        {
            return Fail(400, "Bad Request: message is too long");
        }

        var chat = ChatFor(call.ChatId);
        if (call.ReplyTo is { } replyTo && !chat.Messages.Contains(replyTo) && call.Body["reply_parameters"]?["allow_sending_without_reply"]?.GetValue<bool>() != true)
        {
            return Fail(400, "Bad Request: message to be replied not found");
        }

        var id = chat.NextMessageId++;
        chat.Messages.Add(id);
        var message = new JsonObject
        {
            ["message_id"] = id,
            ["date"] = _time.GetUtcNow().ToUnixTimeSeconds(),
            ["chat"] = chat.ToJson(),
            ["text"] = visible,
        };
        if (chat.Type == "channel")
        {
            message["sender_chat"] = chat.ToJson();
        }
        else
        {
            message["from"] = Bot();
        }

        if (call.ReplyTo is { } repliedTo && chat.Messages.Contains(repliedTo))
        {
            message["reply_to_message"] = new JsonObject { ["message_id"] = repliedTo, ["date"] = 0, ["chat"] = chat.ToJson() };
        }

        return (Ok(message), id, null);
    }

    private (IResult Result, int? MessageId, int? ErrorCode) EditReplyMarkup(TelegramCall call)
    {
        if (call.ChatId is null || call.MessageId is not { } id)
        {
            return Fail(400, "Bad Request: message_id is empty");
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
            ["chat"] = chat.ToJson(),
            ["from"] = Bot(),
            ["text"] = "(keyboard)",
        };
        if (call.Body["reply_markup"] is { } markup)
        {
            message["reply_markup"] = markup.DeepClone();
        }

        return (Ok(message), id, null);
    }

    private (IResult Result, int? MessageId, int? ErrorCode) Pin(TelegramCall call)
    {
        if (call.ChatId is null || call.MessageId is not { } id)
        {
            return Fail(400, "Bad Request: message_id is empty");
        }

        var chat = ChatFor(call.ChatId);
        if (!chat.Messages.Contains(id))
        {
            return Fail(400, "Bad Request: message to pin not found");
        }

        chat.Pinned.Remove(id);
        chat.Pinned.Add(id);
        return (Ok(true), id, null);
    }

    private (IResult Result, int? MessageId, int? ErrorCode) Unpin(TelegramCall call)
    {
        if (call.ChatId is null)
        {
            return Fail(400, "Bad Request: chat_id is empty");
        }

        var chat = ChatFor(call.ChatId);
        var id = call.MessageId ?? (chat.Pinned.Count > 0 ? chat.Pinned[^1] : null);
        if (id is not { } unpinned || !chat.Pinned.Remove(unpinned))
        {
            return Fail(400, "Bad Request: message to unpin not found");
        }

        return (Ok(true), unpinned, null);
    }

    private (IResult Result, int? MessageId, int? ErrorCode) GetUpdates(JsonObject body)
    {
        var offset = (int?)body["offset"] ?? 0;
        var updates = new JsonArray();
        while (_updates.TryPeek(out var next) && (int)next["update_id"]! < offset)
        {
            _updates.TryDequeue(out _);
        }

        foreach (var update in _updates)
        {
            updates.Add(update.DeepClone());
        }

        return (Ok(updates), null, null);
    }

    private FakeChat ChatFor(string chatId)
    {
        if (!_chats.TryGetValue(chatId, out var chat))
        {
            // Message ids are per chat, as in Telegram; each chat starts elsewhere so a reply into the wrong chat shows.
            var first = ((_chats.Count + 1) * 1000) + 1;
            var isName = chatId.StartsWith('@');
            var numeric = long.TryParse(chatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1001000000000 - _chats.Count;
            var type = isName ? "channel" : numeric < 0 ? "supergroup" : "private";
            chat = new FakeChat(numeric, type, isName ? chatId[1..] : null) { NextMessageId = first };
            _chats[chatId] = chat;
        }

        return chat;
    }

    /// <summary>Telegram's HTML rules in short: only its tags, every tag closed in order, and &lt; &gt; &amp; escaped.</summary>
    private static string? HtmlProblem(string text)
    {
        var open = new Stack<string>();
        foreach (Match token in HtmlToken().Matches(text))
        {
            if (token.Value.StartsWith('<'))
            {
                var closing = token.Groups["close"].Success;
                var name = token.Groups["name"].Value.ToLowerInvariant();
                if (!HtmlTags.Contains(name))
                {
                    return $"Unsupported start tag \"{name}\" at byte offset {token.Index}";
                }

                if (!closing)
                {
                    open.Push(name);
                }
                else if (open.Count == 0 || open.Pop() != name)
                {
                    return $"Unmatched end tag at byte offset {token.Index}, expected \"</{(open.Count > 0 ? open.Peek() : "")}>\", found \"</{name}>\"";
                }
            }
        }

        if (open.Count > 0)
        {
            return $"Can't find end tag corresponding to start tag \"{open.Peek()}\"";
        }

        var stray = StrayMarkup().Match(Tag().Replace(text, ""));
        return stray.Success ? $"Character '{stray.Value[0]}' is reserved and must be escaped at byte offset {stray.Index}" : null;
    }

    /// <summary>In a private chat the sender is the chat's own user, as in Telegram.</summary>
    private static JsonObject User(FakeChat chat) =>
        new() { ["id"] = chat.Type == "private" ? chat.Id : 42, ["is_bot"] = false, ["first_name"] = "Tester" };

    private static JsonObject Bot() => new() { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "StatusHub", ["username"] = BotUsername };

    private static IResult Ok(JsonNode result) => Results.Json(new JsonObject { ["ok"] = true, ["result"] = result });

    private static IResult Error(TelegramFault fault)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = fault.ErrorCode, ["description"] = fault.Description };
        if (fault.RetryAfter is { } retryAfter)
        {
            body["parameters"] = new JsonObject { ["retry_after"] = retryAfter };
        }

        if (fault.MigrateToChatId is { } movedTo)
        {
            body["parameters"] = new JsonObject { ["migrate_to_chat_id"] = movedTo };
        }

        return Results.Json(body, statusCode: fault.ErrorCode);
    }

    private static (IResult Result, int? MessageId, int? ErrorCode) Fail(int code, string description) => (Error(new TelegramFault(code, description)), null, code);

    /// <summary>The Bot API takes parameters as JSON, a form or the query string; Telegram.Bot sends JSON.</summary>
    private static async Task<JsonObject> ReadParametersAsync(HttpRequest request)
    {
        var parameters = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            parameters[key] = value.ToString();
        }

        if (request.HasJsonContentType())
        {
            if (await JsonNode.ParseAsync(request.Body) is JsonObject json)
            {
                foreach (var (key, value) in json)
                {
                    parameters[key] = value?.DeepClone();
                }
            }
        }
        else if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync())
            {
                var text = value.ToString();
                parameters[key] = text.StartsWith('{') ? JsonNode.Parse(text) : text;
            }
        }

        return parameters;
    }

    [GeneratedRegex(@"<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")]
    private static partial Regex HtmlToken();

    [GeneratedRegex(@"</?[a-zA-Z][^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[<>]|&(?!(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")]
    private static partial Regex StrayMarkup();

    private sealed class FakeChat(long id, string type, string? username)
    {
        public long Id => id;
        public string Type => type;
        public int NextMessageId { get; set; }
        public HashSet<int> Messages { get; } = [];
        public List<int> Pinned { get; } = [];

        public JsonObject ToJson()
        {
            var json = new JsonObject { ["id"] = id, ["type"] = type, ["title"] = username ?? $"Chat {id}" };
            if (username is not null)
            {
                json["username"] = username;
            }

            return json;
        }
    }
}
