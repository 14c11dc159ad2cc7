using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;

namespace StatusHub.Tests.Channels.Email;

public sealed class EmailConfigurationTests : EmailAppTest
{

    [Theory]
    [InlineData("Email:Smtp:Security", "Tls", "Email:Smtp:Security")]
    [InlineData("Email:Smtp:Port", "smtp", "Email:Smtp:Port")]
    [InlineData("Email:PerSecond", "0", "Email:PerSecond")]
    public async Task AMistypedSettingTurnsEmailOffAndLeavesTheRestWorking(string key, string value, string named)
    {
        await using var app = App.WithEmail(Sink, ["ada@example.org"], new Dictionary<string, string> { [key] = value });
        using var client = app.CreateClient();

        var page = await client.GetAsync("/", TestContext.Current.CancellationToken);
        var incident = app.OpenIncident("Database unreachable");
        var email = app.Services.GetServices<INotificationChannel>().Single(c => c.Name == ChannelNames.Email);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.NotNull(incident);
        Assert.Contains(named, email.ConfigurationProblem);
        Assert.True(email.Limits.PerSecond > 0);
    }
}
