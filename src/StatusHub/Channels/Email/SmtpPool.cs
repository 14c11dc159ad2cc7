using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace StatusHub.Channels.Email;

/// <summary>
/// A few SMTP connections to the backup relay, opened on demand and reused for many messages;
/// a connection that hit a protocol or network error is dropped, not reused. At most
/// <see cref="SmtpOptions.Connections"/> are open at once (read at start-up).
/// </summary>
public sealed class SmtpPool(IOptionsMonitor<EmailOptions> options) : IAsyncDisposable
{
    private readonly ConcurrentBag<(string Settings, SmtpClient Client)> _idle = [];
    private readonly SemaphoreSlim _slots = new(Math.Max(1, EmailOptions.Read(options).Options.Smtp.Connections));

    public async Task<T> UseAsync<T>(Func<SmtpClient, Task<T>> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var smtp = options.CurrentValue.Smtp;
            var settings = Fingerprint(smtp);
            var idle = await TakeIdleAsync(settings);
            if (idle is not null)
            {
                try
                {
                    return await RunAsync(idle, settings, work);
                }
                catch (Exception ex) when (IsBroken(ex))
                {
                    // The relay closed this idle connection since (timeout, restart, 421): one more try on a fresh one,
                    // so a message does not pay a backoff for a connection it never chose.
                }
            }

            return await RunAsync(await ConnectAsync(smtp, cancellationToken), settings, work);
        }
        finally
        {
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var idle))
        {
            await DiscardAsync(idle.Client);
        }

        _slots.Dispose();
    }

    private async Task<T> RunAsync<T>(SmtpClient client, string settings, Func<SmtpClient, Task<T>> work)
    {
        var reusable = false;
        try
        {
            var result = await work(client);
            reusable = true;
            return result;
        }
        catch (SmtpCommandException)
        {
            // The server answered: the connection itself is still good for the next message (unless it hung up).
            reusable = true;
            throw;
        }
        finally
        {
            if (reusable && client.IsConnected)
            {
                _idle.Add((settings, client));
            }
            else
            {
                await DiscardAsync(client);
            }
        }
    }

    private async Task<SmtpClient?> TakeIdleAsync(string settings)
    {
        while (_idle.TryTake(out var idle))
        {
            if (idle.Settings == settings && idle.Client.IsConnected)
            {
                return idle.Client;
            }

            await DiscardAsync(idle.Client);
        }

        return null;
    }

    private static async Task<SmtpClient> ConnectAsync(SmtpOptions smtp, CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = Math.Max(1, smtp.TimeoutSeconds) * 1000 };
        try
        {
            var security = smtp.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Email:Smtp:Host is not set."), smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            }

            return client;
        }
        catch
        {
            await DiscardAsync(client);
            throw;
        }
    }

    private static async Task DiscardAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true);
            }
        }
        catch (Exception ex) when (ex is IOException or ProtocolException or SmtpCommandException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    private static bool IsBroken(Exception ex) =>
        ex is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException;

    private static string Fingerprint(SmtpOptions smtp) => $"{smtp.Host}|{smtp.Port}|{smtp.Security}|{smtp.Username}|{smtp.Password?.GetHashCode(StringComparison.Ordinal)}";
}
