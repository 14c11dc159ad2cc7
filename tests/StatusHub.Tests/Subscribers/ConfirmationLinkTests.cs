using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Subscribers;

namespace StatusHub.Tests.Subscribers;

/// <summary>
/// The email confirmation link as an attacker who knows an address would use it: only the right token confirms,
/// and every wrong one gets the same page, so the link tells nobody who is subscribed and hands out no preferences link.
/// </summary>
public sealed class ConfirmationLinkTests : IAsyncDisposable
{
    private const string Token = "the-right-token";
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private readonly StatusHubApp _factory = new();

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task EveryWrongTokenGetsTheSameAnswerWhateverTheAddressIsAndNoPreferencesLink()
    {
        await using var app = App();
        using var client = app.CreateClient();
        var subscribers = app.Services.GetRequiredService<SubscriberService>();
        subscribers.AddConfirmed(ChannelNames.Email, "active@example.org", true, null, "staff@example.net");
        subscribers.StartSignUp(ChannelNames.Email, "pending@example.org", true, null, Token, Week);
        subscribers.StartSignUp(ChannelNames.Email, "clicked@example.org", true, null, Token, Week);
        subscribers.Confirm("email:clicked@example.org", Token);
        subscribers.StartSignUp(ChannelNames.Email, "expired@example.org", true, null, Token, TimeSpan.FromHours(1));
        subscribers.StartSignUp(ChannelNames.Email, "tried@example.org", true, null, Token, Week);
        for (var i = 0; i < SubscriberService.MaxConfirmationAttempts; i++)
        {
            subscribers.Confirm("email:tried@example.org", "guess");
        }

        _factory.Time.Advance(TimeSpan.FromHours(2));

        var answers = new List<(HttpStatusCode Status, string Body)>();
        foreach (var id in new[] { "email:nobody@example.org", "email:active@example.org", "email:pending@example.org", "email:clicked@example.org", "email:expired@example.org", "email:tried@example.org", "sms:+447700900123", "nonsense" })
        {
            answers.Add(await GetAsync(client, $"/subscribe/confirm?id={Uri.EscapeDataString(id)}&token=anything"));
        }

        answers.Add(await GetAsync(client, "/subscribe/confirm?id=email%3Aactive%40example.org"));
        answers.Add(await GetAsync(client, "/subscribe/confirm?id=email%3Aactive%40example.org&token="));

        Assert.Equal(HttpStatusCode.BadRequest, answers[0].Status);
        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.DoesNotContain("/subscribe/preferences", answers[0].Body);
        Assert.Contains("This confirmation link is not valid", answers[0].Body);
        Assert.Equal(SubscriberState.Pending, subscribers.Find("email:pending@example.org")!.State);
    }

    [Fact]
    public async Task TheRightTokenConfirmsAndOpenedAgainStillSaysSubscribedWithThePreferencesLink()
    {
        await using var app = App();
        using var client = app.CreateClient();
        app.Services.GetRequiredService<SubscriberService>().StartSignUp(ChannelNames.Email, "ann@example.org", true, null, Token, Week);
        var link = $"/subscribe/confirm?id=email%3Aann%40example.org&token={Token}";

        var first = await GetAsync(client, link);
        var again = await GetAsync(client, link);
        var guessed = await GetAsync(client, "/subscribe/confirm?id=email%3Aann%40example.org&token=guess");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Contains("You are subscribed", first.Body);
        Assert.Contains("/subscribe/preferences?token=", first.Body);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("/subscribe/preferences?token=", again.Body);
        Assert.Equal(HttpStatusCode.BadRequest, guessed.Status);
        Assert.DoesNotContain("/subscribe/preferences", guessed.Body);
    }

    [Fact]
    public async Task OnlyTheHolderOfTheRightTokenLearnsThatItExpired()
    {
        await using var app = App();
        using var client = app.CreateClient();
        app.Services.GetRequiredService<SubscriberService>().StartSignUp(ChannelNames.Email, "ann@example.org", true, null, Token, TimeSpan.FromHours(1));
        _factory.Time.Advance(TimeSpan.FromHours(2));

        var right = await GetAsync(client, $"/subscribe/confirm?id=email%3Aann%40example.org&token={Token}");
        var wrong = await GetAsync(client, "/subscribe/confirm?id=email%3Aann%40example.org&token=guess");
        var unknown = await GetAsync(client, "/subscribe/confirm?id=email%3Abob%40example.org&token=guess");

        Assert.Contains("has expired", right.Body);
        Assert.DoesNotContain("/subscribe/preferences", right.Body);
        Assert.Equal(unknown, wrong);
    }

    private WebApplicationFactory<Program> App() =>
        _factory.WithSubscriptions(smsGateway: null, more: new Dictionary<string, string> { ["Subscribers:RequestsPerWindow"] = "1000" });

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.TextAsync());
    }
}
