using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace StatusHub.Subscribers;

/// <summary>Per client IP, a fixed window over the public sign-up and confirmation posts, answered with a readable page.</summary>
public sealed class SubscriptionRateLimit(IOptionsMonitor<SubscriptionOptions> options) : IRateLimiterPolicy<string>
{
    public const string PolicyName = "sms-webhook-subscriptions";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => WriteTooManyAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var limits = options.CurrentValue;
        return RateLimitPartition.GetFixedWindowLimiter(
            httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, limits.RequestsPerWindow), Window = limits.RequestWindow > TimeSpan.Zero ? limits.RequestWindow : TimeSpan.FromMinutes(10), QueueLimit = 0 });
    }

    private static async ValueTask WriteTooManyAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(10);
        context.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var page = await SubscriptionPages.Message(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
            $"This connection has sent too many sign-up requests. Wait {SubscriptionPages.Describe(wait)}, then try again.");
        await page.ExecuteAsync(context.HttpContext);
    }
}
