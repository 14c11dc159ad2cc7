using System.Net;
using System.Text;
using StatusHub.Channels.Webhooks;

namespace StatusHub.Tests.Channels.Webhooks;

public class HookSignerTests
{
    private const string Secret = "whsec-test";
    private const string Body = """{"incident":{"id":"abc","status":"investigating"}}""";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void SignsTheTimestampAndBodyWithHmacSha256()
    {
        var (timestamp, signature) = HookSigner.Sign(Secret, Body, Now);

        Assert.Equal("1795435200", timestamp);
        // openssl: printf '%s' "1795435200.$BODY" | openssl dgst -sha256 -hmac whsec-test
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}.{Body}")));
        Assert.Equal("sha256=" + expected, signature);
        Assert.True(HookSigner.Verify(Secret, Body, timestamp, signature, Now, Tolerance));
    }

    [Theory]
    [InlineData("tampered body", Secret, 0)]
    [InlineData("wrong secret", "another-secret", 0)]
    [InlineData("replayed too late", Secret, 6)]
    public void RefusesWhatDoesNotMatch(string @case, string verifierSecret, int minutesLater)
    {
        var (timestamp, signature) = HookSigner.Sign(Secret, Body, Now);
        var body = @case == "tampered body" ? Body.Replace("investigating", "resolved", StringComparison.Ordinal) : Body;

        Assert.False(HookSigner.Verify(verifierSecret, body, timestamp, signature, Now.AddMinutes(minutesLater), Tolerance), @case);
    }

    [Fact]
    public async Task AReceiverRefusesATamperedBodyWith401()
    {
        await using var receiver = await HttpReceiver.StartAsync(Secret);
        using var http = new HttpClient();
        var (timestamp, signature) = HookSigner.Sign(Secret, Body, DateTimeOffset.UtcNow);

        async Task<HttpStatusCode> PostAsync(string body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, receiver.UrlFor("/hook")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add(HookSigner.TimestampHeader, timestamp);
            request.Headers.Add(HookSigner.SignatureHeader, signature);
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await PostAsync(Body));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(Body.Replace("investigating", "resolved", StringComparison.Ordinal)));
        Assert.Equal(1, receiver.Rejected);
        Assert.Equal([Body], receiver.Received.Select(r => r.Body));
    }
}
