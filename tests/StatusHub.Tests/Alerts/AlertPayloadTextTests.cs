using System.Net;
using System.Text;

namespace StatusHub.Tests.Alerts;

/// <summary>Text in an alert that .NET cannot read as a string is a refusal naming the field, never a 500 the sender retries forever.</summary>
public sealed class AlertPayloadTextTests
{
    private static byte[] Body(string summary) =>
        [.. Encoding.UTF8.GetBytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"S","service":"x"},"annotations":{"summary":"x """), .. Encoding.Latin1.GetBytes(summary), .. Encoding.UTF8.GetBytes(""" y"},"fingerprint":"s1"}]}""")];

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\udfff\\ud800")]
    [InlineData("\xff\xfe")]
    public async Task ASummaryThatIsNotTextIsABadRequestNamingTheField(string summary)
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;

        using var response = await bot.PostBytesAsync("alertmanager", Body(summary));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("alerts[0].annotations.summary is not text", await AlertsRig.DetailAsync(response));
        Assert.Empty(bot.Received());
    }

    [Fact]
    public async Task ALabelNameThatIsNotTextIsABadRequest()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;

        using var response = await bot.PostAsync("alertmanager", """{"alerts":[{"status":"firing","labels":{"a\ud800":"x"}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("a name in alerts[0].labels is not text", await AlertsRig.DetailAsync(response));
    }
}
