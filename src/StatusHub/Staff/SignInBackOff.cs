using System.Collections.Concurrent;
using System.Net;

namespace StatusHub.Staff;

/// <summary>
/// Slows down password guessing per client, as OWASP's authentication guidance recommends: per (sign-in name, client
/// address), so guesses against one account from one client soon wait, and per client address, so one client spraying
/// many accounts waits too. Never per account alone: then anyone who knows a staff address could keep that person out,
/// and a client that has not failed is never refused. The typed email is used whether an account exists or not, so being
/// throttled says nothing about accounts. Kept in memory, bounded: a restart forgives.
/// </summary>
public sealed class SignInBackOff(TimeProvider time)
{
    public const int FreeFailures = 5;
    public const int FreeFailuresPerAddress = 20;
    public static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(15);

    /// <summary>Clients remembered by each of the two tallies; past it the oldest are forgotten.</summary>
    internal const int MaxTracked = 10_000;

    private readonly Tally _perAccountAndAddress = new(FreeFailures, time);
    private readonly Tally _perAddress = new(FreeFailuresPerAddress, time);

    internal int Tracked => _perAccountAndAddress.Count + _perAddress.Count;

    /// <summary>How long this client must still wait before trying this email again; zero when it may try now.</summary>
    public TimeSpan RetryAfter(string email, string address)
    {
        var client = ClientKey(address);
        var forAccount = _perAccountAndAddress.RetryAfter(Pair(email, client));
        var forAddress = _perAddress.RetryAfter(client);
        return forAccount > forAddress ? forAccount : forAddress;
    }

    public void Failed(string email, string address)
    {
        var client = ClientKey(address);
        _perAccountAndAddress.Failed(Pair(email, client));
        _perAddress.Failed(client);
    }

    /// <summary>Forgives this client's failures for this email only: one account it knows must not reset its guessing at others.</summary>
    public void Succeeded(string email, string address) => _perAccountAndAddress.Forget(Pair(email, ClientKey(address)));

    /// <summary>
    /// Who counts as one client: an IPv4 address, or an IPv6 /64 network (what one customer line gets, so hopping
    /// between its addresses is no new client). The same key serves the sign-in rate limiter.
    /// </summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static string ClientKey(string address) => IPAddress.TryParse(address, out var parsed) ? ClientKey(parsed) : address;

    private static string Pair(string email, string client) => email + "\n" + client;

    private sealed class Tally(int freeFailures, TimeProvider time)
    {
        private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

        public int Count => _failures.Count;

        public TimeSpan RetryAfter(string key) =>
            _failures.TryGetValue(key, out var failures) && failures.BlockedUntil > Now() ? failures.BlockedUntil - Now() : TimeSpan.Zero;

        public void Failed(string key)
        {
            if (_failures.Count >= MaxTracked)
            {
                MakeRoom();
            }

            var now = Now();
            _failures.AddOrUpdate(key, _ => Next(0, now), (_, previous) => Next(previous.Count, now));
        }

        public void Forget(string key) => _failures.TryRemove(key, out _);

        private Failures Next(int previousCount, DateTimeOffset now)
        {
            var count = previousCount + 1;
            return new Failures(count, count < freeFailures ? DateTimeOffset.MinValue : now + Pause(count), now);
        }

        private TimeSpan Pause(int failures)
        {
            var doublings = Math.Min(failures - freeFailures, 10);
            var pause = FirstPause * Math.Pow(2, doublings);
            return pause < LongestPause ? pause : LongestPause;
        }

        /// <summary>Forgets clients that are not waiting now; if all are, the half that failed longest ago.</summary>
        private void MakeRoom()
        {
            var now = Now();
            foreach (var (key, failures) in _failures)
            {
                if (failures.BlockedUntil <= now)
                {
                    _failures.TryRemove(key, out _);
                }
            }

            var excess = _failures.Count - MaxTracked / 2;
            if (excess > 0)
            {
                foreach (var (key, _) in _failures.ToArray().OrderBy(f => f.Value.LastFailure).Take(excess))
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }

        private DateTimeOffset Now() => time.GetUtcNow();
    }

    private sealed record Failures(int Count, DateTimeOffset BlockedUntil, DateTimeOffset LastFailure);
}
