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
    public async Task<SendResult> PostAsync(Uri url, string json, string secret, string deliveryId, CancellationToken cancellationToken,
        Func<HttpResponseMessage, DateTimeOffset, SendResult>? classify = null)
    {
        var (timestamp, signature) = HookSigner.Sign(secret, json, time.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(HookSigner.TimestampHeader, timestamp);
        request.Headers.Add(HookSigner.SignatureHeader, signature);
        request.Headers.Add("X-StatusHub-Delivery", deliveryId);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return (classify ?? Classify)(response, time.GetUtcNow());
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookAddressException refused)
        {
            return new SendResult.Permanent($"{url.Host}: {refused.Message}");
        }
        catch (HttpRequestException ex)
        {
            return new SendResult.Transient($"{url.Host}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult.Transient($"{url.Host}: no answer within {http.Timeout.TotalSeconds:0} s");
        }
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

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date && date > now ? date - now : null);
}
