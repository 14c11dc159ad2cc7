using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StatusHub.Tests.Support;

/// <summary>One request the fake received, stamped with the test's clock (not the wall clock).</summary>
/// <param name="ChatId">As sent: "-100123" or "@statushub".</param>
/// <param name="ReplyTo">reply_parameters.message_id, when the request replied to an earlier message.</param>
/// <param name="MessageId">For sendMessage, the id the fake gave the new message; for pin/unpin, the message named.</param>
/// <param name="ErrorCode">Null when the call succeeded.</param>
public sealed record TelegramCall(
    string Method,
    string? ChatId,
    string? Text,
    string? ParseMode,
    int? ReplyTo,
    int? MessageId,
    DateTimeOffset At,
    int? ErrorCode,
    JsonObject Body)
{
    public bool Succeeded => ErrorCode is null;
}

/// <summary>An error the fake answers with, in Telegram's words.</summary>
public sealed record TelegramFault(int ErrorCode, string Description, int? RetryAfter = null, long? MigrateToChatId = null)
{
    public static readonly TelegramFault ServerError = new(500, "Internal Server Error");
    public static readonly TelegramFault ChatNotFound = new(400, "Bad Request: chat not found");
    public static readonly TelegramFault BotBlocked = new(403, "Forbidden: bot was blocked by the user");

    /// <summary>No answer at all: the connection is closed under the request.</summary>
    public static readonly TelegramFault DropConnection = new(0, "connection dropped");

    public static TelegramFault TooManyRequests(int retryAfter) => new(429, $"Too Many Requests: retry after {retryAfter}", retryAfter);

    /// <summary>What Telegram answers for a group that became a supergroup.</summary>
    public static TelegramFault UpgradedToSupergroup(long newChatId) => new(400, "Bad Request: group chat was upgraded to a supergroup chat", MigrateToChatId: newChatId);
}

/// <summary>
/// Enough of the Telegram Bot API, over real HTTP on 127.0.0.1, for the channel to be tested as it runs:
/// sendMessage (with Telegram's HTML and length checks), pinChatMessage, unpinChatMessage, getMe,
/// getUpdates (long polling: it waits up to the asked timeout for an update), answerCallbackQuery,
/// editMessageReplyMarkup, setWebhook and deleteWebhook, answering in Telegram's JSON shapes. Every request is recorded; faults can be injected for
/// the next calls of a method or for every call into one chat.
/// </summary>
public sealed partial class FakeTelegramBotApi : IAsyncDisposable
{
    public const string Token = "123456789:AAFakeTokenForTests_abcdefghijklmno";
    public const int MessageLimit = 4096;
    public const string BotUsername = "statushub_test_bot";

    private const long BotId = 123456789;
    private static readonly HashSet<string> HtmlTags = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span", "tg-spoiler", "tg-emoji", "blockquote"];

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<TelegramCall> _calls = [];
    private readonly Dictionary<string, FakeChat> _chats = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Method, TelegramFault Fault)> _nextFaults = [];
    private readonly List<(string Method, TimeSpan Stall)> _stalls = [];
    private readonly Dictionary<string, TelegramFault> _chatFaults = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<JsonObject> _updates = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _updateArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _lastUpdateId;
    private int _lastCallbackId;
    private int _inFlight;

    private FakeTelegramBotApi(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    /// <summary>Where to point <c>TelegramBotClientOptions(token, baseUrl)</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request so far, in the order they arrived.</summary>
    public IReadOnlyList<TelegramCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The messages that were accepted, in order.</summary>
    public IReadOnlyList<TelegramCall> Messages => [.. Calls.Where(c => c.Method == "sendMessage" && c.Succeeded)];

    /// <summary>Requests being answered right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <param name="time">The clock stamped on recorded calls and message dates: the test's fake clock.</param>
    public static async Task<FakeTelegramBotApi> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTelegramBotApi(app, time ?? TimeProvider.System);
        app.MapMethods("/bot{token}/{method}", ["GET", "POST"], fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.BaseUrl = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        return fake;
    }

    /// <summary>An http URL on loopback where nothing listens, for "connection refused".</summary>
    public static string RefusingUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> fail with <paramref name="fault"/>.</summary>
    public void FailNext(string method, TelegramFault fault, int times = 1)
    {
        lock (_lock)
        {
            for (var i = 0; i < times; i++)
            {
                _nextFaults.Add((method, fault));
            }
        }
    }

    /// <summary>The next call of <paramref name="method"/> is answered only after <paramref name="stall"/> of wall time (for client timeouts).</summary>
    public void StallNext(string method, TimeSpan stall)
    {
        lock (_lock)
        {
            _stalls.Add((method, stall));
        }
    }

    /// <summary>Every call into <paramref name="chatId"/> fails with <paramref name="fault"/> until <see cref="Heal"/>.</summary>
    public void FailChat(string chatId, TelegramFault fault)
    {
        lock (_lock)
        {
            _chatFaults[chatId] = fault;
        }
    }

    public void Heal(string chatId)
    {
        lock (_lock)
        {
            _chatFaults.Remove(chatId);
        }
    }

    /// <summary>Messages pinned in a chat now, most recent last.</summary>
    public IReadOnlyList<int> Pinned(string chatId)
    {
        lock (_lock)
        {
            return _chats.TryGetValue(chatId, out var chat) ? [.. chat.Pinned] : [];
        }
    }

    /// <summary>Queues an incoming message for getUpdates, as if a user had written to the bot. Returns the update.</summary>
    public JsonObject EnqueueIncomingMessage(string chatId, string text)
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
                ["from"] = User(chat),
                ["text"] = text,
            };
        }

        return Enqueue("message", message);
    }

    /// <summary>Queues a tap on an inline keyboard button of the bot's message <paramref name="messageId"/>. Returns the callback query id.</summary>
    public string EnqueueCallbackQuery(string chatId, int messageId, string data)
    {
        JsonObject query;
        lock (_lock)
        {
            var chat = ChatFor(chatId);
            query = new JsonObject
            {
                ["id"] = $"cb{++_lastCallbackId}",
                ["from"] = User(chat),
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

        Enqueue("callback_query", query);
        return (string)query["id"]!;
    }

    /// <summary>Queues an update as given (its update_id is filled in), for shapes the helpers above do not make.</summary>
    public JsonObject Enqueue(string kind, JsonObject payload)
    {
        var update = new JsonObject { ["update_id"] = Interlocked.Increment(ref _lastUpdateId), [kind] = payload };
        _updates.Enqueue(update);
        Interlocked.Exchange(ref _updateArrived, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return update;
    }

    /// <summary>Waits (wall clock, bounded) until the recorded calls satisfy <paramref name="done"/>.</summary>
    public async Task<IReadOnlyList<TelegramCall>> WaitForAsync(Func<IReadOnlyList<TelegramCall>, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var calls = Calls;
            if (done(calls))
            {
                return calls;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The fake Bot API saw {calls.Count} calls, not what the test waited for:\n" +
                    string.Join("\n", calls.Select(c => $"{c.Method} {c.ChatId} {c.ErrorCode} {c.Text?[..Math.Min(60, c.Text.Length)]}")));
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits (wall clock) until no request is being answered and none has arrived for a little while.</summary>
    /// <param name="clientIdle">The caller's own view, e.g. that none of its requests is still on the way.</param>
    public async Task<IReadOnlyList<TelegramCall>> WaitQuietAsync(Func<bool>? clientIdle = null)
    {
        var quiet = 0;
        var seen = -1;
        while (true)
        {
            var calls = Calls;
            quiet = InFlight == 0 && (clientIdle?.Invoke() ?? true) && calls.Count == seen ? quiet + 1 : 0;
            seen = calls.Count;
            if (quiet >= 3)
            {
                return calls;
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext http, string token, string method)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            var body = await ReadParametersAsync(http.Request);
            if (method == "getUpdates")
            {
                await WaitForUpdatesAsync(body, http.RequestAborted);
            }

            if (TakeStall(method) is { } stall)
            {
                await Task.Delay(stall, http.RequestAborted);
            }

            IResult result;
            TelegramCall recorded;
            lock (_lock)
            {
                var call = new TelegramCall(method, body["chat_id"]?.ToString(), (string?)body["text"], (string?)body["parse_mode"],
                    (int?)body["reply_parameters"]?["message_id"], (int?)body["message_id"], _time.GetUtcNow(), null, body);
                (result, recorded) = token != Token
                    ? (Error(new TelegramFault(401, "Unauthorized")), call with { ErrorCode = 401 })
                    : Answer(call);
                _calls.Add(recorded);
            }

            if (recorded.ErrorCode == TelegramFault.DropConnection.ErrorCode)
            {
                http.Abort();
            }

            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Long polling: with a timeout and nothing at or after the offset, the answer waits (wall clock) for an update.</summary>
    private async Task WaitForUpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        var offset = (int?)body["offset"] ?? 0;
        var timeout = TimeSpan.FromSeconds((int?)body["timeout"] ?? 0);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping.Token);
        cancel.CancelAfter(timeout);
        while (!cancel.IsCancellationRequested)
        {
            var arrived = Volatile.Read(ref _updateArrived).Task;
            if (_updates.Any(u => (int)u["update_id"]! >= offset))
            {
                return;
            }

            try
            {
                await arrived.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private TimeSpan? TakeStall(string method)
    {
        lock (_lock)
        {
            var index = _stalls.FindIndex(s => s.Method == method);
            if (index < 0)
            {
                return null;
            }

            var stall = _stalls[index].Stall;
            _stalls.RemoveAt(index);
            return stall;
        }
    }

    private (IResult Result, TelegramCall Recorded) Answer(TelegramCall call)
    {
        var injected = _nextFaults.FindIndex(f => f.Method == call.Method);
        if (injected >= 0)
        {
            var fault = _nextFaults[injected].Fault;
            _nextFaults.RemoveAt(injected);
            return (Error(fault), call with { ErrorCode = fault.ErrorCode });
        }

        if (call.ChatId is { } target && _chatFaults.TryGetValue(target, out var chatFault))
        {
            return (Error(chatFault), call with { ErrorCode = chatFault.ErrorCode });
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
