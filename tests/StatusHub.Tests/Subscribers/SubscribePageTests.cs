using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.StatusComponents;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Subscribers;

/// <summary>The public subscribe panel: plain HTML forms any browser can send, served like the other public pages.</summary>
public sealed class SubscribePageTests : IDisposable
{
    private readonly StatusHubApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>Email, SMS and webhooks on (their relays point at ports nothing listens on: sign-ups only queue).</summary>
    private WebApplicationFactory<Program> Everything() => _app.WithSubscriptions(null, more: new Dictionary<string, string>
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = "9",
        ["Email:Smtp:Security"] = "None",
        ["Email:From"] = "Example Status <status@example.net>",
    });

    [Fact]
    public async Task OffersEveryConfiguredChannelInOneFormWithOnePickerWithoutScriptOrCookie()
    {
        await using var app = Everything();
        using var client = app.CreateClient();
        var api = app.AddComponent("API");

        var response = await client.GetAsync("/subscribe", TestContext.Current.CancellationToken);
        var html = await response.TextAsync();
        var page = Parse(html);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain("<script", html);
        var form = Assert.Single(page.QuerySelectorAll("main form"));
        Assert.Equal(("post", "/subscribe"), (form.GetAttribute("method"), form.GetAttribute("action")));
        Assert.Single(form.QuerySelectorAll("fieldset.component-picker"));
        Assert.Single(form.QuerySelectorAll("input[name=all][value=true]"));
        Assert.Single(form.QuerySelectorAll($"input[name=components][value='{api.Id}']"));
        foreach (var field in new[] { "email", "phone", "url" })
        {
            Assert.Single(form.QuerySelectorAll($"input[name={field}]"));
        }

        Assert.Equal(["email", "sms", "webhook"], form.QuerySelectorAll("button[name=channel]").Select(b => b.GetAttribute("value")));
        Assert.Empty(page.QuerySelectorAll(".no-channels"));
    }

    [Fact]
    public async Task WithNothingConfiguredOffersNoSignUpButSaysSoAndPointsToTheFeeds()
    {
        using var client = _app.CreateClient();
        _app.AddComponent("API");

        var response = await client.GetAsync("/subscribe", TestContext.Current.CancellationToken);
        var page = Parse(await response.TextAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(page.QuerySelectorAll("main form"));
        Assert.Empty(page.QuerySelectorAll("input"));
        Assert.Contains("does not send notifications", page.QuerySelector(".no-channels")!.TextContent);
        foreach (var feed in new[] { "/history.rss", "/history.atom", "/maintenance.ics" })
        {
            Assert.NotNull(page.QuerySelector($".no-channels a[href='{feed}']"));
        }
    }

    [Fact]
    public async Task WithOnlyTheTelegramBotOffersTelegramAloneAndItsButtonLeadsToTheBot()
    {
        await using var bot = await TelegramBotApp.StartAsync();
        var api = bot.CreateComponent("API");
        using var browser = bot.Browser();

        var page = Parse(await (await browser.GetAsync("/subscribe", TestContext.Current.CancellationToken)).TextAsync());
        var form = Assert.Single(page.QuerySelectorAll("main form"));
        var answer = await browser.PostFormAsync("/subscribe", ("all", "false"), ("components", api.Id), ("channel", "telegram"));

        Assert.Empty(form.QuerySelectorAll("input[name=email], input[name=phone], input[name=url]"));
        Assert.Equal(["telegram"], form.QuerySelectorAll("button[name=channel]").Select(b => b.GetAttribute("value")));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal($"https://t.me/{FakeTelegramBotApi.BotUsername}", answer.Headers.Location!.GetLeftPart(UriPartial.Path));
        await bot.SayAsync($"/start {answer.Headers.Location.Query["?start=".Length..]}");
        Assert.Equal([api.Id], bot.Subscriber()!.ComponentIds);
    }

    [Fact]
    public async Task TheFilledInAddressDecidesWhenEnterSubmittedTheFormWithTheFirstButton()
    {
        await using var app = Everything();
        using var client = app.CreateClient();

        // Enter in the phone field sends the form with its first button (email) pressed.
        var answer = await client.PostFormAsync("/subscribe", ("email", ""), ("phone", "+44 7700 900123"), ("url", ""), ("all", "true"), ("channel", "email"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Check your phone", await answer.TextAsync());
    }

    [Fact]
    public async Task TheSharedFormSignsUpByEmail()
    {
        await using var app = Everything();
        using var client = app.CreateClient();

        var answer = await client.PostFormAsync("/subscribe", ("email", "ann@example.com"), ("phone", ""), ("url", ""), ("all", "true"), ("channel", "email"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Check your inbox", await answer.TextAsync());
    }

    [Theory]
    [InlineData("email", "ann@localhost", "is not an email address we can send to")]
    [InlineData("sms", "0151 kaputt", "is not a mobile number in international form")]
    [InlineData("webhook", "not a url", "is not an absolute http(s) URL")]
    public async Task ARefusedSignUpComesBackFilledInWithWhyAndIsNeverCached(string channel, string typed, string why)
    {
        await using var app = Everything();
        using var client = app.CreateClient();
        var api = app.AddComponent("API");
        app.AddComponent("Webmail");
        var field = channel switch { "email" => "email", "sms" => "phone", _ => "url" };

        var answer = await client.PostFormAsync("/subscribe", (field, typed), ("all", "false"), ("components", api.Id), ("channel", channel));
        var page = Parse(await answer.TextAsync());

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("no-store", answer.Headers.CacheControl?.ToString());
        Assert.Contains(why, page.QuerySelector("main .form-error")!.TextContent);
        Assert.Equal(typed, page.QuerySelector($"form input[name={field}]")!.GetAttribute("value"));
        Assert.True(page.QuerySelector("form input[name=all][value=false]")!.HasAttribute("checked"));
        Assert.Equal([api.Id], page.QuerySelectorAll("form input[name=components][checked]").Select(box => box.GetAttribute("value")));
    }

    [Fact]
    public async Task OnlySomeComponentsButNoneComesBackWithThatChoiceToFix()
    {
        await using var app = Everything();
        using var client = app.CreateClient();
        app.AddComponent("API");

        var answer = await client.PostFormAsync("/subscribe", ("email", "ann@example.com"), ("all", "false"), ("channel", "email"));
        var page = Parse(await answer.TextAsync());

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("Choose at least one component, or all of them.", page.QuerySelector("main .form-error")!.TextContent);
        Assert.Equal("ann@example.com", page.QuerySelector("form input[name=email]")!.GetAttribute("value"));
        Assert.True(page.QuerySelector("form input[name=all][value=false]")!.HasAttribute("checked"));
    }

    [Fact]
    public async Task AChannelThatIsOffIsRefusedThroughTheSharedFormToo()
    {
        using var client = _app.CreateClient();

        var answer = await client.PostFormAsync("/subscribe", ("email", "ann@example.com"), ("all", "true"), ("channel", "email"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
    }

    [Fact]
    public async Task OffersTheFeedsAndTheCalendarWithoutASignUp()
    {
        await using var app = Everything();
        using var client = app.CreateClient();

        var html = await (await client.GetAsync("/subscribe", TestContext.Current.CancellationToken)).TextAsync();

        foreach (var feed in new[] { "/history.rss", "/history.atom", "/maintenance.ics", "/api/v2/summary.json" })
        {
            Assert.Contains($"href=\"{feed}\"", html);
        }
    }

    [Fact]
    public async Task EveryPublicPageLinksToIt()
    {
        await using var app = Everything();
        using var client = app.CreateClient();

        var home = await (await client.GetAsync("/", TestContext.Current.CancellationToken)).TextAsync();

        Assert.Contains("<a href=\"/subscribe\">Subscribe to updates</a>", home);
    }

    [Fact]
    public async Task WithNoChannelThePublicPagesLinkPromisesOnlyTheFeeds()
    {
        using var client = _app.CreateClient();

        var home = await (await client.GetAsync("/", TestContext.Current.CancellationToken)).TextAsync();

        Assert.DoesNotContain("Subscribe to updates", home);
        Assert.Contains("<a href=\"/subscribe\">Subscribe by RSS</a>", home);
    }

    [Fact]
    public async Task GroupsHaveTheirOwnBox()
    {
        await using var app = Everything();
        using var client = app.CreateClient();
        var group = app.Services.GetRequiredService<ComponentService>().CreateGroup("Mail", null, "staff@example.net");
        app.AddComponent("SMTP", group.Id);

        var html = await (await client.GetAsync("/subscribe", TestContext.Current.CancellationToken)).TextAsync();

        Assert.Contains($"name=\"groups\" value=\"{group.Id}\"", html);
    }

    [Fact]
    public async Task EscapesMarkupInComponentNames()
    {
        await using var app = Everything();
        using var client = app.CreateClient();
        app.AddComponent("<img src=x onerror=alert(1)>");

        var html = await (await client.GetAsync("/subscribe", TestContext.Current.CancellationToken)).TextAsync();

        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
    }

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);
}
