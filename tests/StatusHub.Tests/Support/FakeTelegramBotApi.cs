using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StatusHub.Tests.Support;

/// <summary>
/// Enough of the Telegram Bot API, over real HTTP on 127.0.0.1, for the channel to be tested as it runs:
/// sendMessage (with Telegram's HTML and length checks), pinChatMessage, unpinChatMessage, getMe,
/// getUpdates (long polling: it waits up to the asked timeout for an update; unconfirmed updates can be redelivered), answerCallbackQuery,
/// editMessageReplyMarkup, setWebhook and deleteWebhook, answering in Telegram's JSON shapes. Every request is recorded; faults can be injected for
/// the next calls of a method or for every call into one chat.
/// </summary>
public sealed partial class FakeTelegramBotApi : IAsyncDisposable
{
    public const string Token = "123456789:AAFakeTokenForTests_abcdefghijklmno";
    public const int MessageLimit = 4096;
    public const string BotUsername = "statushub_test_bot";

    private const long BotId = 123456789;

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
    private DateTimeOffset _sendsThrottledUntil;

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

    /// <summary>
    /// Every sendMessage until <paramref name="until"/> (the fake's clock) is answered 429 with the seconds left as its
    /// retry_after, as Telegram answers a bot over its flood limit.
    /// </summary>
    public void ThrottleSendsUntil(DateTimeOffset until)
    {
        lock (_lock)
        {
            _sendsThrottledUntil = until;
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
    /// <param name="languageCode">The <c>from.language_code</c> the user's Telegram app reports (an IETF tag such as "de" or "pt-br"); none when null.</param>
    public JsonObject EnqueueIncomingMessage(string chatId, string text, string? languageCode = null)
    {
        JsonObject message;
        lock (_lock)
        {
            var chat = ChatFor(chatId);
            var from = User(chat);
            if (languageCode is not null)
            {
                from["language_code"] = languageCode;
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
        SignalArrival();
        return update;
    }

    /// <summary>
    /// Hands <paramref name="updates"/> out again, in update_id order with whatever is still pending, as Telegram does with
    /// updates no getUpdates offset confirmed (a bot stopped between handling an update and its next poll).
    /// </summary>
    public void Redeliver(params JsonObject[] updates)
    {
        lock (_lock)
        {
            var pending = _updates.Concat(updates).DistinctBy(u => (int)u["update_id"]!).OrderBy(u => (int)u["update_id"]!).ToList();
            _updates.Clear();
            foreach (var update in pending)
            {
                _updates.Enqueue(update);
            }
        }

        SignalArrival();
    }

    private void SignalArrival() =>
        Interlocked.Exchange(ref _updateArrived, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

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
}
