using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using StatusHub.Channels.Webhooks;
using StatusHub.Text;

namespace StatusHub.Channels.Social;

/// <summary>What a PDS answered to one XRPC call: the status, the body and, for 429, how long its <c>ratelimit-reset</c> says to wait.</summary>
public sealed record XrpcAnswer(HttpStatusCode Status, string Body, TimeSpan? Wait)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    /// <summary>The XRPC error name (<c>ExpiredToken</c>, <c>InvalidRequest</c>, <c>AuthenticationRequired</c>…).</summary>
    public string? Error => SocialAnswers.String(Body, "error");

    public string? Field(string name) => SocialAnswers.String(Body, name);

    /// <summary>"HTTP 400 InvalidRequest: the message", short enough for the delivery's error.</summary>
    public string Describe() =>
        Ellipsis.Shorten($"HTTP {(int)Status} {Error ?? Status.ToString()}{(Field("message") is { Length: > 0 } message ? ": " + message : "")}", 300);
}

/// <summary>XRPC over HTTP to the account's PDS (<c>{service}/xrpc/{method}</c>), through the poster that follows no redirect.</summary>
public sealed class BlueskyXrpc(SignedPoster poster)
{
    private const int MaxBodyChars = 16_384;

    /// <summary>The answer, or (no answer at all: refused connection, timeout) the outcome to give the outbox instead.</summary>
    public async Task<(XrpcAnswer? Answer, SendResult? Unreachable)> CallAsync(string service, string method, JsonObject? input, string? bearer,
        CancellationToken cancellationToken, string query = "")
    {
        XrpcAnswer? answer = null;
        var outcome = await poster.SendAsync(
            _ =>
            {
                var request = new HttpRequestMessage(input is null && bearer is null ? HttpMethod.Get : HttpMethod.Post, new Uri($"{service.Trim().TrimEnd('/')}/xrpc/{method}{query}"));
                if (input is not null)
                {
                    request.Content = SocialAnswers.Json(input);
                }

                if (bearer is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                }

                return request;
            },
            async (response, now) =>
            {
                answer = new XrpcAnswer(response.StatusCode, await AnswerBody.ReadAsync(response, MaxBodyChars, cancellationToken), ResetWait(response, now));
                return new SendResult.Sent();
            },
            cancellationToken);
        return answer is null ? (null, outcome) : (answer, null);
    }

    /// <summary>The PDS's <c>ratelimit-reset</c>: when (Unix seconds) the allowance comes back; else a Retry-After.</summary>
    private static TimeSpan? ResetWait(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.TryGetValues("ratelimit-reset", out var values) &&
        long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) &&
        DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 253_402_300_799)) is var reset && reset > now
            ? reset - now
            : SignedPoster.RetryAfter(response, now);
}
