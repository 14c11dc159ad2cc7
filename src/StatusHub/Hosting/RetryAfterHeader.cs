using System.Globalization;

namespace StatusHub.Hosting;

/// <summary>
/// The Retry-After of every answer that asks a client to come back later (the 429s of the sign-in, sign-up, SMS code
/// and contact limits, the read-only 503s): delay-seconds as RFC 9110 writes them, whole seconds rounded up, never 0,
/// which a client would read as "at once".
/// </summary>
public static class RetryAfterHeader
{
    public static void Set(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
