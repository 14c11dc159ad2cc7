using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StatusHub.Tests.Support;

/// <summary>A TCP listener on 127.0.0.1 that greets each connection with <see cref="Greeting"/> (nothing when null) and hangs up.</summary>
public sealed class BannerServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();

    public BannerServer()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string? Greeting { get; set; } = "220 mail.example.com ESMTP ready";

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            using (client)
            {
                var stream = client.GetStream();
                if (Greeting is { } greeting)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(greeting + "\r\n"));
                    var buffer = new byte[256];
                    // Waits for the probe's QUIT (or its hang-up) so the greeting is read before the connection closes.
                    await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }
    }
}
