using System.Net;
using System.Text;

namespace StatusHub.Channels.Webhooks;

/// <summary>Posts signed JSON and sorts the answer into sent, worth retrying, or refused for good.</summary>
public sealed class SignedPoster(HttpClient http, TimeProvider time)
{
    /// <summary>
    /// The handler behind every signed post: redirects are not followed, because following one would resend
    /// the payload somewhere nobody registered (and a 301/302 turns the POST into a GET that "succeeds").
    /// </summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <param name="classify">How to read the answer; <see cref="Classify"/> unless the endpoint's 4xx mean something else.</param>
    public Task<SendResult> PostAsync(Uri url, string json, string secret, string deliveryId, CancellationToken cancellationToken,
        Func<HttpResponseMessage, DateTimeOffset, SendResult>? classify = null) =>
        SendAsync(now => SignedRequest(url, json, secret, deliveryId, now), (response, now) => Task.FromResult((classify ?? Classify)(response, now)), cancellationToken);

    /// <summary>
    /// Sends the request <paramref name="build"/> makes (at the moment of sending) and reads the answer; an unreachable
    /// host or no answer in time is worth retrying, an address the handler refuses never works.
    /// </summary>
    public async Task<SendResult> SendAsync(Func<DateTimeOffset, HttpRequestMessage> build, Func<HttpResponseMessage, DateTimeOffset, Task<SendResult>> read,
        CancellationToken cancellationToken)
    {
        using var request = build(time.GetUtcNow());
        var host = request.RequestUri?.Host;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return await read(response, time.GetUtcNow());
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookAddressException refused)
        {
            return new SendResult.Permanent($"{host}: {refused.Message}");
        }
        catch (HttpRequestException ex)
        {
            return new SendResult.Transient($"{host}: {Text.ExceptionText.Describe(ex)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult.Transient($"{host}: no answer within {http.Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>A POST of <paramref name="json"/> signed with <see cref="HookSigner"/> and naming the delivery.</summary>
    public static HttpRequestMessage SignedRequest(Uri url, string json, string secret, string deliveryId, DateTimeOffset now)
    {
        var (timestamp, signature) = HookSigner.Sign(secret, json, now);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(HookSigner.TimestampHeader, timestamp);
        request.Headers.Add(HookSigner.SignatureHeader, signature);
        request.Headers.Add("X-StatusHub-Delivery", deliveryId);
        return request;
    }

    public static SendResult Classify(HttpResponseMessage response, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return new SendResult.Sent();
        }

        var what = $"HTTP {status} {response.ReasonPhrase}";
        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout => new SendResult.Transient(what, RetryAfter(response, now)),
            >= HttpStatusCode.InternalServerError => new SendResult.Transient(what, RetryAfter(response, now)),
            // 410 says "gone, stop sending"; other 4xx refuse this request as it is, so retrying the same bytes cannot help.
            // Redirects are not followed (a 301/302 would turn the POST into a GET), so 3xx lands here too.
            _ => new SendResult.Permanent(what),
        };
    }

    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date && date > now ? date - now : null);
}
