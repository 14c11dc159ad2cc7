using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace StatusHub.Subscribers;

/// <summary>
/// A fixed window per client IP over the subscription endpoints, answered with a readable public page
/// (its own rejection page, not the staff sign-in one the app-wide handler writes).
/// </summary>
internal abstract class PerClientRateLimit(int permits, TimeSpan window) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = (context, cancellationToken) =>
        PublicAnswer.WriteRateLimitedAsync(
            context.HttpContext,
            context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null,
            cancellationToken);

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(
            httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
}

/// <summary>Sign-ups, which send someone a message, and SMS codes typed in: <c>Subscribers:RequestsPerWindow</c>.</summary>
internal sealed class SubscribeRateLimit(IOptions<SubscribersOptions> options)
    : PerClientRateLimit(options.Value.RequestsPerWindow, options.Value.RequestWindow);

/// <summary>
/// Subscribers' own links (email confirmation, preferences, leaving): their secret is the guard and they send nothing,
/// so a looser <c>Subscribers:LinkRequestsPerWindow</c> only bounds hammering, and an office behind one address can
/// confirm after an announcement.
/// </summary>
internal sealed class SubscriberLinkRateLimit(IOptions<SubscribersOptions> options)
    : PerClientRateLimit(options.Value.LinkRequestsPerWindow, options.Value.RequestWindow);
