using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace StatusHub.Probes;

/// <summary>
/// Connects to a mail server, reads its 220 greeting and, when asked, says EHLO and upgrades with STARTTLS (the
/// certificate must pass <see cref="CertificateCheck"/>), then says QUIT. Anything but a 220 greeting is a failure.
/// </summary>
public sealed class BannerProbeCheck(TimeProvider time) : IProbeCheck
{
    private const int MaxReplyLength = 4096;

    public ProbeKind Kind => ProbeKind.Banner;

    public async Task<ProbeCheckResult> CheckAsync(Probe probe, CancellationToken cancellationToken)
    {
        var banner = probe.Banner!;
        var started = time.GetTimestamp();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(banner.Host, banner.Port, cancellationToken);
        Stream stream = tcp.GetStream();
        var greeting = await ReadReplyAsync(stream, cancellationToken);
        if (!greeting.StartsWith("220", StringComparison.Ordinal))
        {
            return ProbeCheckResult.Failed(time.GetElapsedTime(started), greeting.Length == 0 ? "No 220 greeting: the server closed the connection." : $"No 220 greeting: \"{Text.Ellipsis.Shorten(greeting, 120)}\".");
        }

        if (banner.StartTls)
        {
            await WriteAsync(stream, "EHLO statushub-probe", cancellationToken);
            var ehlo = await ReadReplyAsync(stream, cancellationToken);
            if (!ehlo.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase))
            {
                return ProbeCheckResult.Failed(time.GetElapsedTime(started), "The server does not offer STARTTLS.");
            }

            await WriteAsync(stream, "STARTTLS", cancellationToken);
            var ready = await ReadReplyAsync(stream, cancellationToken);
            if (!ready.StartsWith("220", StringComparison.Ordinal))
            {
                return ProbeCheckResult.Failed(time.GetElapsedTime(started), $"STARTTLS refused: \"{Text.Ellipsis.Shorten(ready, 120)}\".");
            }

            var certificate = new CertificateCheck(banner.PinnedCertificateSha256, time.GetUtcNow().UtcDateTime);
            var tls = new SslStream(stream);
            try
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = banner.Host, RemoteCertificateValidationCallback = certificate.Validate }, cancellationToken);
            }
            catch (AuthenticationException) when (certificate.Refusal is { } refusal)
            {
                return ProbeCheckResult.Failed(time.GetElapsedTime(started), refusal);
            }

            stream = tls;
        }

        var latency = time.GetElapsedTime(started);
        await WriteAsync(stream, "QUIT", cancellationToken);
        return ProbeCheckResult.Ok(latency);
    }

    private static Task WriteAsync(Stream stream, string line, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancellationToken).AsTask();

    /// <summary>One SMTP reply, all its lines ("220-…" up to "220 …"); empty when the server closed first.</summary>
    private static async Task<string> ReadReplyAsync(Stream stream, CancellationToken cancellationToken)
    {
        var reply = new StringBuilder();
        var line = new StringBuilder();
        var one = new byte[1];
        while (reply.Length + line.Length < MaxReplyLength && await stream.ReadAsync(one, cancellationToken) == 1)
        {
            if (one[0] != '\n')
            {
                line.Append((char)one[0]);
                continue;
            }

            var text = line.ToString().TrimEnd('\r');
            reply.Append(text).Append('\n');
            line.Clear();
            if (text.Length < 4 || text[3] != '-')
            {
                break;
            }
        }

        return reply.ToString().Trim();
    }
}
