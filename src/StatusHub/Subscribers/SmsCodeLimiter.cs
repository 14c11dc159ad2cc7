using Microsoft.Extensions.Options;
using StatusHub.Time;

namespace StatusHub.Subscribers;

/// <summary>
/// At most <see cref="SubscribersOptions.SmsCodesPerHour"/> codes per number per hour, in memory: a restart forgets,
/// which the per-IP limit and the code's short life make harmless. Keeps anyone from texting a stranger repeatedly.
/// </summary>
public sealed class SmsCodeLimiter(IOptionsMonitor<SubscribersOptions> options, TimeProvider time)
{
    private readonly SlidingWindowCounts<string> _sent = new(time, TimeSpan.FromHours(1));

    /// <summary>Takes one of the number's codes for this hour; false when they are used up, with how long until the next.</summary>
    public bool TryTake(string number, out TimeSpan retryAfter) =>
        _sent.TryTake(number, Math.Max(1, options.CurrentValue.SmsCodesPerHour), out retryAfter);
}
