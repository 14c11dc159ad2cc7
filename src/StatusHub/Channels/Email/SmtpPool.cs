using System.Collections.Concurrent;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace StatusHub.Channels.Email;

/// <summary>
/// A few SMTP connections to the backup relay, opened on demand and reused for many messages;
/// a connection that hit a protocol or network error is dropped, not reused.
/// </summary>
public sealed class SmtpPool(IOptionsMonitor<EmailOptions> options) : IAsyncDisposable
{
    private readonly ConcurrentBag<(string Settings, SmtpClient Client)> _idle = [];
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.CurrentValue.Smtp.Connections));

    public async Task<T> UseAsync<T>(Func<SmtpClient, Task<T>> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        var settings = Fingerprint(options.CurrentValue.Smtp);
        SmtpClient? client = null;
        var healthy = false;
        try
        {
            client = await RentAsync(settings, cancellationToken);
            var result = await work(client);
            healthy = true;
            return result;
        }
        catch (SmtpCommandException)
        {
            // The server answered: the connection itself is still good for the next message.
            healthy = client?.IsConnected == true;
            throw;
        }
        finally
        {
            if (client is not null)
            {
                if (healthy && client.IsConnected)
                {
                    _idle.Add((settings, client));
                }
                else
                {
                    await DiscardAsync(client);
                }
            }

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

    private async Task<SmtpClient> RentAsync(string settings, CancellationToken cancellationToken)
    {
        while (_idle.TryTake(out var idle))
        {
            if (idle.Settings == settings && idle.Client.IsConnected)
            {
                return idle.Client;
            }

            await DiscardAsync(idle.Client);
        }

        var smtp = options.CurrentValue.Smtp;
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
        catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or SmtpCommandException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    private static string Fingerprint(SmtpOptions smtp) => $"{smtp.Host}|{smtp.Port}|{smtp.Security}|{smtp.Username}|{smtp.Password?.GetHashCode(StringComparison.Ordinal)}";
}
