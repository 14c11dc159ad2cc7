using System.Net;
using StatusHub.Tests.Channels.Email;

namespace StatusHub.Tests.Subscribers;

/// <summary>What keeps the public sign-up from being used against people: limits per client and per address, checked input, bounded bodies.</summary>
public sealed class SubscribeAbuseTests : EmailAppTest
{

    [Fact]
    public async Task TooManySignUpsFromOneClientGetAReadable429()
    {
        await using var app = App.WithEmail(Sink, [], new Dictionary<string, string> { ["Subscribers:RequestsPerWindow"] = "3" });
        using var client = app.CreateClient();

        var allowed = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            allowed.Add((await client.SignUpAsync($"person{i}@example.org")).StatusCode);
        }

        var refused = await client.SignUpAsync("person9@example.org");

        Assert.All(allowed, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Too many requests", await refused.TextAsync());
        Assert.Contains("<html", await refused.TextAsync());
    }

    [Fact]
    public async Task SubscribersLinksHaveALooserLimitOfTheirOwnSoOneOfficeCanConfirmAfterAnAnnouncement()
    {
        await using var app = App.WithEmail(Sink, [], new Dictionary<string, string>
        {
            ["Subscribers:RequestsPerWindow"] = "2",
            ["Subscribers:LinkRequestsPerWindow"] = "12",
        });
        using var client = app.CreateClient();

        var signUps = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            signUps.Add((await client.SignUpAsync($"colleague{i}@example.org")).StatusCode);
        }

        var links = new List<HttpStatusCode>();
        for (var i = 0; i < 13; i++)
        {
            var path = i % 2 == 0 ? $"/subscribe/confirm?id=email:colleague{i}@example.org&token=wrong" : "/subscribe/preferences?token=wrong";
            links.Add((await client.GetAsync(path, TestContext.Current.CancellationToken)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], signUps);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, links.Take(12));
        Assert.Equal(HttpStatusCode.TooManyRequests, links[12]);
    }

    [Fact]
    public async Task OneAddressGetsAFewSignUpMessagesAnHourWhoeverAsks()
    {
        await using var app = App.WithEmail(Sink, [], new Dictionary<string, string> { ["Subscribers:RequestsPerWindow"] = "100" });
        using var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.SignUpAsync("victim@example.org")).StatusCode);
        }

        var fourth = await client.SignUpAsync(" VICTIM@example.org ");
        App.Time.Advance(TimeSpan.FromHours(1));
        var anHourLater = await client.SignUpAsync("victim@example.org");
        await Sink.WaitForAsync("victim@example.org", 4);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.Contains("in the last hour", await fourth.TextAsync());
        Assert.Equal(HttpStatusCode.OK, anHourLater.StatusCode);
        Assert.Equal(4, Sink.To("victim@example.org").Count);
    }

    [Theory]
    [InlineData("not-an-email", "is not an email address we can send to")]
    [InlineData("", "Enter your email address.")]
    [InlineData("a@b@example.org", "is not an email address we can send to")]
    public async Task ABadAddressGetsAClearPage(string email, string message)
    {
        await using var app = App.WithEmail(Sink, []);
        using var client = app.CreateClient();

        var response = await client.PostFormAsync("/subscribe/email", ("email", email), ("all", "true"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.TextAsync());
        Assert.Empty(Sink.Received);
    }

    [Fact]
    public async Task ChoosingNoComponentOrAnUnknownOneGetsAClearPage()
    {
        await using var app = App.WithEmail(Sink, []);
        using var client = app.CreateClient();

        var none = await client.PostFormAsync("/subscribe/email", ("email", "ann@example.org"), ("all", "false"));
        var unknown = await client.SignUpAsync("ann@example.org", "no-such-component");

        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("Choose at least one component", await none.TextAsync());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("There is no component with id", await unknown.TextAsync());
    }

    [Fact]
    public async Task AnOversizedOrNonFormBodyIsRefusedWithAPage()
    {
        await using var app = App.WithEmail(Sink, []);
        using var client = app.CreateClient();

        var huge = await client.PostFormAsync("/subscribe/email", ("email", new string('a', 100_000) + "@example.org"), ("all", "true"));
        using var json = new StringContent("{\"email\":\"ann@example.org\"}", System.Text.Encoding.UTF8, "application/json");
        var notAForm = await client.PostAsync("/subscribe/email", json, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("We could not read that form", await huge.TextAsync());
        Assert.Equal(HttpStatusCode.BadRequest, notAForm.StatusCode);
        Assert.Empty(Sink.Received);
    }
}
