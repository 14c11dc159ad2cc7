using System.Net;
using System.Text.Json.Nodes;

namespace StatusHub.Channels.Social;

/// <summary>A signed-in session on the PDS: the short-lived access token, the token that renews it, and the account's DID.</summary>
public sealed record BlueskySession(string Service, string Identifier, string AccessJwt, string RefreshJwt, string Did);

/// <summary>
/// Keeps the account's session between posts (a PDS allows only a few sign-ins an hour), renews it with the refresh token
/// when the access token expires, and signs in again when that fails too.
/// </summary>
public sealed class BlueskySessions(BlueskyXrpc xrpc)
{
    private BlueskySession? _current;

    /// <summary>The kept session for these settings, or a new one.</summary>
    public async Task<(BlueskySession? Session, SendResult? Failure)> CurrentAsync(BlueskyOptions options, CancellationToken cancellationToken) =>
        _current is { } kept && kept.Service == options.Service.Trim() && kept.Identifier == options.Target
            ? (kept, null)
            : await SignInAsync(options, cancellationToken);

    /// <summary>
    /// A session to replace <paramref name="expired"/>: renewed with its refresh token when the PDS said the access token
    /// expired (<paramref name="refresh"/>), otherwise, or when renewing fails, by signing in again.
    /// </summary>
    public async Task<(BlueskySession? Session, SendResult? Failure)> RenewAsync(BlueskyOptions options, BlueskySession expired, bool refresh, CancellationToken cancellationToken)
    {
        _current = null;
        if (refresh)
        {
            var (answer, unreachable) = await xrpc.CallAsync(expired.Service, "com.atproto.server.refreshSession", null, expired.RefreshJwt, cancellationToken);
            if (unreachable is not null)
            {
                return (null, unreachable);
            }

            if (Read(expired.Service, expired.Identifier, answer!) is { } renewed)
            {
                return (_current = renewed, null);
            }
        }

        return await SignInAsync(options, cancellationToken);
    }

    private async Task<(BlueskySession? Session, SendResult? Failure)> SignInAsync(BlueskyOptions options, CancellationToken cancellationToken)
    {
        var service = options.Service.Trim();
        var input = new JsonObject { ["identifier"] = options.Target, ["password"] = options.AppPassword?.Trim() };
        var (answer, unreachable) = await xrpc.CallAsync(service, "com.atproto.server.createSession", input, null, cancellationToken);
        if (unreachable is not null)
        {
            return (null, unreachable);
        }

        if (Read(service, options.Target!, answer!) is { } session)
        {
            return (_current = session, null);
        }

        var what = $"signing in to {service}: {answer!.Describe()}";
        return (null, answer.Status switch
        {
            HttpStatusCode.TooManyRequests => new SendResult.Transient(what, answer.Wait),
            >= HttpStatusCode.InternalServerError => new SendResult.Transient(what, answer.Wait),
            _ => new SendResult.Permanent($"{what}; check {BlueskyOptions.Section}:Identifier and {BlueskyOptions.Section}:AppPassword"),
        });
    }

    private static BlueskySession? Read(string service, string identifier, XrpcAnswer answer) =>
        answer.Ok && answer.Field("accessJwt") is { Length: > 0 } access && answer.Field("refreshJwt") is { Length: > 0 } refresh && answer.Field("did") is { Length: > 0 } did
            ? new BlueskySession(service, identifier, access, refresh, did)
            : null;
}
