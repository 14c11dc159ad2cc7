using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Staff;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Subscribers.Staff;

namespace StatusHub.Tests.Subscribers.Staff;

public class SubscriberCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+441234", "'+441234")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    public void QuotesAndDefusesCells(string value, string expected) => Assert.Equal(expected, SubscriberCsv.Cell(value));

    [Fact]
    public async Task StaffExportEveryoneWithStateAndDefusedCells()
    {
        using var factory = new StatusHubApp();
        var subscribers = factory.Services.GetRequiredService<SubscriberService>();
        subscribers.AddConfirmed(ChannelNames.Email, "ann@example.com", true, null, "tests", language: "de");
        subscribers.AddConfirmed(ChannelNames.Sms, "+441234567890", true, null, "tests");
        subscribers.StartSignUp(ChannelNames.Webhook, "https://198.51.100.7/a,b", true, null, "secret", TimeSpan.FromDays(1));
        factory.Services.GetRequiredService<LiteStore>().Collection<FailingTarget>().Insert(new FailingTarget
        {
            Id = FailingTarget.KeyFor(ChannelNames.Sms, "+441234567890"), Channel = ChannelNames.Sms, Target = "+441234567890",
        });
        using var client = await factory.CreateSignedInClientAsync(StaffRoles.Editor);

        using var response = await client.GetAsync("/admin/subscribers.csv", TestContext.Current.CancellationToken);
        var lines = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SubscriberCsv.Header, lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("email,ann@example.com,active,true,,", lines[1]);
        Assert.EndsWith(",de", lines[1]);
        Assert.StartsWith("sms,'+441234567890,failing,true,,", lines[2]);
        Assert.StartsWith("webhook,\"https://198.51.100.7/a,b\",pending,true,,", lines[3]);
        Assert.EndsWith(",,", lines[3]);
    }

    [Fact]
    public async Task AnonymousVisitorsAreSentToSignIn()
    {
        using var factory = new StatusHubApp();
        factory.Services.GetRequiredService<SubscriberService>().AddConfirmed(ChannelNames.Email, "ann@example.com", true, null, "tests");
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/admin/subscribers.csv", TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, response.StatusCode.ToString());
        Assert.DoesNotContain("ann@example.com", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
