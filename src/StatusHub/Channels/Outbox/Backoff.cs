namespace StatusHub.Channels.Outbox;

/// <summary>Exponential backoff with "equal jitter": half the step fixed, half random, capped.</summary>
public static class Backoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(15);

    /// <param name="attempts">Attempts made so far, at least 1.</param>
    /// <param name="retryAfter">The server's own word on when to come back (Telegram's retry_after), honoured as a floor.</param>
    public static TimeSpan Delay(int attempts, TimeSpan? retryAfter = null, Random? random = null)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 20);
        var step = Math.Min(Cap.TotalSeconds, First.TotalSeconds * Math.Pow(2, exponent));
        var jittered = TimeSpan.FromSeconds((step / 2) + ((random ?? Random.Shared).NextDouble() * step / 2));
        return retryAfter is { } floor && floor > jittered ? floor : jittered;
    }
}
