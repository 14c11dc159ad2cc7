using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace StatusHub.Tests.Support;

/// <summary>
/// A real SMTP server on 127.0.0.1 that keeps what it receives: enough ESMTP for MailKit (PIPELINING,
/// 8BITMIME, SMTPUTF8, SIZE, optional AUTH PLAIN/LOGIN), many connections at once, and faults on demand:
/// per-recipient 421/451/550 answers, messages refused after DATA, a slow server, and a relay that refuses connections for a while.
/// </summary>
public sealed partial class SmtpSink : IAsyncDisposable
{
    private const int MaxLine = 1 << 20;
    private static readonly byte[] EndOfData = ".\r\n"u8.ToArray();

    private readonly string? _username;
    private readonly string? _password;
    private readonly ConcurrentQueue<ReceivedMail> _received = new();
    private readonly ConcurrentDictionary<string, int> _rejections = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _refusedMessages = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<long, TcpClient> _open = new();
    private readonly Lock _lock = new();
    private TcpListener? _listener;
    private CancellationTokenSource _stopping = new();
    private Task _accepting = Task.CompletedTask;
    private long _connections;
    private volatile RecipientRefusal? _everyRecipient;

    public SmtpSink(string? username = null, string? password = null)
    {
        _username = username;
        _password = password;
        Port = Listen(0);
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>TCP connections accepted since the sink started.</summary>
    public int ConnectionsOpened => (int)Interlocked.Read(ref _connections);

    /// <summary>How long the server waits before each reply, to play a slow relay.</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<ReceivedMail> Received => [.. _received];

    /// <summary>Hands each accepted message on before answering 250 (e.g. into a mailbox, <see cref="DovecotImap.Deliver"/>); null keeps it here only.</summary>
    public Action<MimeKit.MimeMessage>? DeliverTo { get; set; }

    /// <summary>
    /// Answers MAIL FROM or RCPT TO naming <paramref name="address"/> with <paramref name="code"/>
    /// (421 also closes the connection, as servers do).
    /// </summary>
    public void Reject(string address, int code) => _rejections[address] = code;

    public void Accept(string address)
    {
        _rejections.TryRemove(address, out _);
        _refusedMessages.TryRemove(address, out _);
    }

    /// <summary>
    /// Takes the message for <paramref name="recipient"/> to the end of DATA and then answers <paramref name="reply"/>
    /// instead of 250 (a content filter's "554 5.7.1 message refused as spam", "552 5.3.4 message too big"); the
    /// message is not kept.
    /// </summary>
    public void RefuseMessageTo(string recipient, string reply) => _refusedMessages[recipient] = reply;

    /// <summary>
    /// Answers every RCPT TO with <paramref name="code"/> until <paramref name="until"/> (wall clock), as a relay that
    /// throttles or greylists all mail for a while; the per-address faults of <see cref="Reject"/> apply again after.
    /// </summary>
    public void RejectEveryRecipientUntil(int code, DateTimeOffset until) => _everyRecipient = new RecipientRefusal(code, until);

    /// <summary>The code every recipient is refused with right now, if any.</summary>
    private int? EveryRecipientRefusal => _everyRecipient is { } refusal && DateTimeOffset.UtcNow < refusal.Until ? refusal.Code : null;

    /// <summary>Plays a relay that is down: stops listening (new connections are refused) and drops the open ones.</summary>
    public void RefuseConnections()
    {
        lock (_lock)
        {
            _stopping.Cancel();
            _listener?.Stop();
            _listener = null;
            foreach (var client in _open.Values)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Listens again on the same port after <see cref="RefuseConnections"/>.</summary>
    public void AcceptConnections()
    {
        lock (_lock)
        {
            if (_listener is null)
            {
                _stopping = new CancellationTokenSource();
                Listen(Port);
            }
        }
    }

    /// <summary>Waits (in real time: this is network I/O) until at least <paramref name="count"/> messages have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (_received.Count < count)
        {
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"The SMTP sink received {_received.Count} of {count} messages.");
            }

            await Task.Delay(10, CancellationToken.None);
        }

        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        RefuseConnections();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private int Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start(backlog: 512);
        _listener = listener;
        _accepting = AcceptLoopAsync(listener, _stopping.Token);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var id = Interlocked.Increment(ref _connections);
            _open[id] = client;
            _ = Task.Run(() => ServeAsync(id, client, stopping), CancellationToken.None);
        }
    }

    private async Task ServeAsync(long id, TcpClient client, CancellationToken stopping)
    {
        try
        {
            client.NoDelay = true;
            await using var network = client.GetStream();
            var session = new Session(this, network);
            await session.RunAsync(stopping);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            _open.TryRemove(id, out _);
            client.Dispose();
        }
    }

    private sealed record RecipientRefusal(int Code, DateTimeOffset Until);
}
