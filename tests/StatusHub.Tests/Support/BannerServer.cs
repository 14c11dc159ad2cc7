using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace StatusHub.Tests.Support;

/// <summary>
/// An SMTP server's front door on 127.0.0.1: greets each connection with <see cref="Greeting"/> (nothing when null),
/// answers EHLO, offers STARTTLS when given a certificate (<see cref="StartTls"/>, see <see cref="TestCertificates"/>)
/// and switches to TLS on it, and hangs up after QUIT.
/// </summary>
public sealed class BannerServer : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private int _tlsSessions;

    public BannerServer()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string? Greeting { get; set; } = "220 mail.example.com ESMTP ready";

    /// <summary>The certificate STARTTLS switches to; null: EHLO does not offer STARTTLS.</summary>
    public X509Certificate2? StartTls { get; set; }

    /// <summary>Connections that completed a TLS handshake after STARTTLS.</summary>
    public int TlsSessions => Volatile.Read(ref _tlsSessions);

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
                try
                {
                    await ConverseAsync(client.GetStream());
                }
                catch (Exception ex) when (ex is IOException or TimeoutException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
                {
                    // The probe hung up or refused the certificate: the conversation is over either way.
                }
            }
        }
    }

    private async Task ConverseAsync(Stream stream)
    {
        if (Greeting is not { } greeting)
        {
            return;
        }

        await WriteAsync(stream, greeting);
        while (await ReadLineAsync(stream) is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            var certificate = StartTls;
            switch (verb)
            {
                case "EHLO":
                    await WriteAsync(stream, certificate is null ? "250 mail.example.com" : "250-mail.example.com\r\n250 STARTTLS");
                    break;
                case "STARTTLS" when certificate is not null && stream is not SslStream:
                    await WriteAsync(stream, "220 2.0.0 Ready to start TLS");
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }).WaitAsync(Patience);
                    Interlocked.Increment(ref _tlsSessions);
                    stream = tls;
                    break;
                case "QUIT":
                    await WriteAsync(stream, "221 2.0.0 Bye");
                    return;
                default:
                    await WriteAsync(stream, "502 5.5.2 Command not recognised");
                    break;
            }
        }
    }

    private static Task WriteAsync(Stream stream, string reply) => stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n")).AsTask();

    /// <summary>One command line; null when the probe hung up or stayed silent too long.</summary>
    private static async Task<string?> ReadLineAsync(Stream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (line.Length < 1000)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(one).AsTask().WaitAsync(Patience);
            }
            catch (TimeoutException)
            {
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }

        return null;
    }
}
