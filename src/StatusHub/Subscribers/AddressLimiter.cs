using Microsoft.Extensions.Options;
using StatusHub.Time;

namespace StatusHub.Subscribers;

/// <summary>
/// How many sign-up messages went to one address in the last hour, so nobody can use the public form to
/// flood someone else's inbox or phone from many IPs. In memory: a restart forgets, which only lets a few more through.
/// </summary>
public sealed class AddressLimiter(IOptions<SubscribersOptions> options, TimeProvider time)
{
    private readonly SlidingWindowCounts<string> _sent = new(time, TimeSpan.FromHours(1));

    /// <summary>Whether another message may go to <paramref name="key"/> ("{channel}:{normalised address}") now.</summary>
    public bool MaySend(string key) => _sent.Wait(key, options.Value.MessagesPerAddressPerHour) is null;

    public void Record(string key) => _sent.Record(key);
}
