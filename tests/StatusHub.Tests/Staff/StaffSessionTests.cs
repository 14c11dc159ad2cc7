using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Staff;
using StatusHub.Storage;

namespace StatusHub.Tests.Staff;

/// <summary>Sessions live on the server: ending one, here or anywhere, makes its cookie worthless at once.</summary>
public partial class StaffSessionTests(StatusHubApp factory) : IClassFixture<StatusHubApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefusesTheCookieOfASignedOutSessionWhenItIsReplayed()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var signIn = await browser.PostSignInFormAsync(account.Email, StaffSignIn.Password);
        var cookie = AuthCookie(signIn);
        using var copy = WithCookie(cookie);
        using var before = await copy.GetAsync("/admin", Cancel);

        using var signOut = await PostFormAsync(browser, "/account/logout", []);
        using var replayed = await copy.GetAsync("/admin", Cancel);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("/account/login", replayed.Headers.Location?.PathAndQuery);
        Assert.Empty(SessionsOf(account));
    }

    [Fact]
    public async Task ListsTheAccountsOpenSessionsAndMarksThisOne()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var laptop = await SignedInAsync(account, "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");
        using var phone = await SignedInAsync(account, "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1");
        using var someoneElse = await factory.CreateSignedInClientAsync(StaffRoles.Editor);

        var page = await laptop.GetStringAsync("/account/sessions", Cancel);
        var admin = await laptop.GetStringAsync("/admin", Cancel);

        Assert.Equal(SessionsOf(account).Select(s => s.Id).Order(), SessionIds(page).Order());
        Assert.Contains("Firefox/140.0", page);
        Assert.Contains("iPhone", page);
        Assert.Single(Regex.Matches(page, "This session"));
        Assert.Contains("Sign out everywhere", page);
        Assert.Contains("href=\"account/sessions\"", admin);
    }

    [Fact]
    public async Task EndsAnotherSessionOfTheSameAccountAndRecordsIt()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var laptop = await SignedInAsync(account, "laptop");
        using var phone = await SignedInAsync(account, "phone");
        var phoneSession = SessionsOf(account).Single(s => s.UserAgent == "phone");

        using var ended = await PostFormAsync(laptop, "/account/sessions", new() { ["End"] = phoneSession.Id });
        using var phoneAfter = await phone.GetAsync("/admin", Cancel);
        using var laptopAfter = await laptop.GetAsync("/admin", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal("/account/sessions", ended.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, phoneAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, laptopAfter.StatusCode);
        Assert.Contains(Audited(account), e => e.Action == "staff.session-ended" && e.Actor == account.Email && e.Details.Contains("phone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CannotEndASessionOfAnotherAccount()
    {
        var victim = factory.CreateAccount(StaffRoles.Admin);
        using var victimClient = await SignedInAsync(victim, "victim");
        using var other = await factory.CreateSignedInClientAsync(StaffRoles.Editor);

        using var attempt = await PostFormAsync(other, "/account/sessions", new() { ["End"] = SessionsOf(victim).Single().Id });
        using var victimAfter = await victimClient.GetAsync("/admin", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, attempt.StatusCode);
        Assert.Contains("already ended", await attempt.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.OK, victimAfter.StatusCode);
        Assert.Single(SessionsOf(victim));
    }

    [Fact]
    public async Task SignsOutEverywhere()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var laptop = await SignedInAsync(account, "laptop");
        using var phone = await SignedInAsync(account, "phone");
        using var someoneElse = await factory.CreateSignedInClientAsync(StaffRoles.Editor);

        using var ended = await PostFormAsync(laptop, "/account/sessions", new() { ["End"] = "all" });

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal("/account/login", ended.Headers.Location?.OriginalString);
        foreach (var client in new[] { laptop, phone })
        {
            using var after = await client.GetAsync("/admin", Cancel);
            Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        }

        using var untouched = await someoneElse.GetAsync("/admin", Cancel);
        Assert.Equal(HttpStatusCode.OK, untouched.StatusCode);
        Assert.Empty(SessionsOf(account));
        Assert.Contains(Audited(account), e => e.Action == "staff.signed-out-everywhere" && e.Details == "2 sessions");
    }

    [Fact]
    public async Task EndsEverySessionRecordOfAnAccountThatIsDisabledOrGetsANewPassword()
    {
        var disabled = factory.CreateAccount(StaffRoles.Editor);
        var reset = factory.CreateAccount(StaffRoles.Editor);
        using var first = await SignedInAsync(disabled, "one");
        using var second = await SignedInAsync(reset, "two");
        var accounts = factory.Services.GetRequiredService<StaffAccountService>();

        accounts.SetDisabled(disabled.Id, accounts.Get(disabled.Id).Version, true, "tests");
        accounts.ResetPassword(reset.Id, accounts.Get(reset.Id).Version, "another long passphrase", "tests");

        Assert.Empty(SessionsOf(disabled));
        Assert.Empty(SessionsOf(reset));
    }

    [Fact]
    public async Task ClosesAnOpenStaffPageOnceItsSessionEnds()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var laptop = await SignedInAsync(account, "laptop");
        using var phone = await SignedInAsync(account, "phone");
        var sessions = SessionsOf(account);
        await using var scope = factory.Services.CreateAsyncScope();
        var provider = (StaffAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(StaffSession.Principal(account, sessions.Single(s => s.UserAgent == "laptop").Id))));
        var states = new List<Task<AuthenticationState>>();
        provider.AuthenticationStateChanged += states.Add;

        using var phoneOut = await PostFormAsync(phone, "/account/logout", []);
        var afterOtherSession = states.Count;
        using var laptopOut = await PostFormAsync(laptop, "/account/logout", []);

        Assert.Equal(0, afterOtherSession);
        var state = await Assert.Single(states);
        Assert.False(state.User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task NotesWhenASessionWasLastSeenAndForgetsSessionsLeftIdle()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var idle = await SignedInAsync(account, "idle");
        var signedInAt = SessionsOf(account).Single().LastSeenAt;

        factory.Time.Advance(TimeSpan.FromMinutes(30));
        using var seen = await idle.GetAsync("/admin", Cancel);
        var seenAt = SessionsOf(account).Single().LastSeenAt;
        factory.Time.Advance(StaffSessions.IdleTimeout + TimeSpan.FromMinutes(1));
        using var later = await SignedInAsync(account, "later");

        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.Equal(signedInAt + TimeSpan.FromMinutes(30), seenAt);
        Assert.Equal(["later"], SessionsOf(account).Select(s => s.UserAgent));
    }

    private async Task<HttpClient> SignedInAsync(StaffAccount account, string userAgent)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        using var response = await client.PostSignInFormAsync(account.Email, StaffSignIn.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private HttpClient WithCookie(string cookie)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await client.GetAntiforgeryTokenAsync("/account/sessions");
        return await client.PostAsync(path, new FormUrlEncodedContent(fields), Cancel);
    }

    private static string AuthCookie(HttpResponseMessage signIn) =>
        Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("statushub.auth=", StringComparison.Ordinal)).Split(';')[0];

    private List<SignedInSession> SessionsOf(StaffAccount account) =>
        factory.Services.GetRequiredService<LiteStore>().Collection<SignedInSession>().Find(s => s.AccountId == account.Id).OrderBy(s => s.CreatedAt).ToList();

    private IReadOnlyList<AuditEntry> Audited(StaffAccount account) =>
        factory.Services.GetRequiredService<AuditLog>().Page(0, StaffAccount.AuditSubject(account.Email));

    private static IEnumerable<string> SessionIds(string html) => SessionField().Matches(html).Select(m => m.Groups[1].Value).Where(id => id != "all");

    [GeneratedRegex("name=\"End\" value=\"([^\"]+)\"")]
    private static partial Regex SessionField();
}
