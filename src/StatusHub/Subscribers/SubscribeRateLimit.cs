using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace StatusHub.Subscribers;

/// <summary>
/// A fixed window per client IP over the subscription endpoints, answered with a readable public page
/// (its own rejection page, not the staff sign-in one the app-wide handler writes).
/// </summary>
internal sealed class SubscribeRateLimit(IOptions<SubscribersOptions> options) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = (context, cancellationToken) =>
        PublicAnswer.WriteRateLimitedAsync(
            context.HttpContext,
            context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null,
            cancellationToken);

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(
            httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.Value.RequestsPerWindow, Window = options.Value.RequestWindow, QueueLimit = 0 });
}
