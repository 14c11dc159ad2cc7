using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusHub.Incidents;
using StatusHub.Staff;

namespace StatusHub.Tests.Hosting;

public class StaffPagesTests : IClassFixture<StatusHubApp>
{
    private const string UserHeader = "X-Test-Staff";

    private readonly WebApplicationFactory<Program> _signedIn;

    public StaffPagesTests(StatusHubApp factory)
    {
        // Sign-in is built elsewhere; a header-driven scheme stands in for the cookie so the real pipeline can prerender the pages.
        _signedIn = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddAuthentication(HeaderAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null)));
    }

    public static TheoryData<string> StaffPaths => ["/admin", "/admin/components", "/admin/incidents", "/admin/maintenance", "/admin/probes"];

    [Fact]
    public void GuardsEveryStaffPageWithAStaffOrAdminPolicy()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes(typeof(RouteAttribute), false).Cast<RouteAttribute>().Any(r => r.Template.StartsWith("/admin", StringComparison.Ordinal)))
            .ToList();

        Assert.True(pages.Count >= 5, $"only found {pages.Count} staff pages");
        Assert.All(pages, page => Assert.Contains(
            page.GetCustomAttributes(typeof(AuthorizeAttribute), true).Cast<AuthorizeAttribute>().SingleOrDefault()?.Policy,
            new[] { StaffRoles.StaffPolicy, StaffRoles.AdminPolicy }));
        Assert.All(pages.Where(p => p.Name is "Accounts" or "Audit"), page => Assert.Equal(
            StaffRoles.AdminPolicy, page.GetCustomAttributes(typeof(AuthorizeAttribute), true).Cast<AuthorizeAttribute>().Single().Policy));
    }

    [Theory]
    [MemberData(nameof(StaffPaths))]
    public async Task SendsAnonymousVisitorsToSignIn(string path)
    {
        using var client = _signedIn.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [MemberData(nameof(StaffPaths))]
    public async Task PrerendersForSignedInStaff(string path)
    {
        using var client = _signedIn.CreateClient();
        client.DefaultRequestHeaders.Add(UserHeader, "editor@example.com");

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1", html);
        Assert.Contains("href=\"admin/incidents\"", html);
        Assert.DoesNotContain("You are not allowed", html);
    }

    [Fact]
    public async Task PrerendersAnIncidentsTimeline()
    {
        var incidents = _signedIn.Services.GetRequiredService<IncidentService>();
        var incident = incidents.Open(new NewIncident("Prerendered", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking **now**.")), "tester@example.com");
        using var client = _signedIn.CreateClient();
        client.DefaultRequestHeaders.Add(UserHeader, "editor@example.com");

        var html = await client.GetStringAsync($"/admin/incidents/{incident.Id}", TestContext.Current.CancellationToken);

        Assert.Contains("Looking <strong>now</strong>.", html);
    }

    [Fact]
    public async Task TheSignInPageShowsNoStaffMenuToSignedOutVisitors()
    {
        using var client = _signedIn.CreateClient();

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/account/login", TestContext.Current.CancellationToken));

        Assert.NotNull(page.QuerySelector("form[action='account/login']"));
        Assert.Null(page.QuerySelector("nav[aria-label='Staff area']"));
        Assert.Null(page.QuerySelector("a[href='admin/incidents']"));
    }

    [Theory]
    [InlineData("/admin", "admin")]
    [InlineData("/admin/incidents", "admin/incidents")]
    [InlineData("/admin/maintenance", "admin/maintenance")]
    public async Task TheMenuMarksTheCurrentPage(string path, string link)
    {
        using var client = _signedIn.CreateClient();
        client.DefaultRequestHeaders.Add(UserHeader, "editor@example.com");

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync(path, TestContext.Current.CancellationToken));

        var current = Assert.Single(page.QuerySelectorAll("nav[aria-label='Staff area'] a[aria-current]"));
        Assert.Equal((link, "page"), (current.GetAttribute("href"), current.GetAttribute("aria-current")));
        var css = await client.GetStringAsync("/css/admin.css", TestContext.Current.CancellationToken);
        Assert.Contains(".admin-nav a[aria-current=\"page\"] {", css);
    }

    [Fact]
    public async Task AHeadingFocusedAfterNavigationGetsNoOutlineButKeyboardFocusStaysVisible()
    {
        using var client = _signedIn.CreateClient();

        var css = await client.GetStringAsync("/css/site.css", TestContext.Current.CancellationToken);

        // FocusOnNavigate gives the h1 tabindex=-1 and focuses it: screen readers announce it, nobody needs a frame round it.
        Assert.Contains("[tabindex=\"-1\"]:focus { outline: none; }", css);
        Assert.Contains(":focus-visible { outline: 3px solid var(--focus)", css);
    }

    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "TestHeader";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(UserHeader, out var email))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, email.ToString()), new Claim(ClaimTypes.Role, StaffRoles.Editor)], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
            Context.ChallengeAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme, properties);
    }
}
