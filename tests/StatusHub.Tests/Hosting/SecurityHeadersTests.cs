using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Email;
using StatusHub.Incidents;
using StatusHub.Staff;
using StatusHub.Subscribers;

namespace StatusHub.Tests.Hosting;

/// <summary>
/// Every answer carries the same security headers, whichever way it was made: cached public bytes on short-circuited
/// routes, static files, Blazor staff pages, the API, errors. Only the read-only public pages and files may be framed.
/// </summary>
public sealed partial class SecurityHeadersTests(StatusHubApp app) : IClassFixture<StatusHubApp>
{
    public enum Framing
    {
        /// <summary>Read-only public pages and files: anyone may show them in a frame.</summary>
        Allowed,

        /// <summary>Forms, sessions and the API: a frame could trick a click.</summary>
        Refused,
    }

    public static TheoryData<string, bool, HttpStatusCode, Framing> Answers => new()
    {
        { "/", false, HttpStatusCode.OK, Framing.Allowed },
        { "/incidents/{incident}", false, HttpStatusCode.OK, Framing.Allowed },
        { "/history", false, HttpStatusCode.OK, Framing.Allowed },
        { "/status/live.json", false, HttpStatusCode.OK, Framing.Allowed },
        { "/api/v2/summary.json", false, HttpStatusCode.OK, Framing.Allowed },
        { "/history.rss", false, HttpStatusCode.OK, Framing.Allowed },
        { "/badge.svg", false, HttpStatusCode.OK, Framing.Allowed },
        { "/widget.js", false, HttpStatusCode.OK, Framing.Allowed },
        { "/no-such-page", false, HttpStatusCode.NotFound, Framing.Allowed },
        { "/css/site.css", false, HttpStatusCode.OK, Framing.Refused },
        { "/_framework/blazor.web.js", false, HttpStatusCode.OK, Framing.Refused },
        { "/subscribe", false, HttpStatusCode.OK, Framing.Refused },
        { "/contact", false, HttpStatusCode.OK, Framing.Refused },
        { "/subscribe/preferences?token={preferences}", false, HttpStatusCode.OK, Framing.Refused },
        { "/unsubscribe?token={unsubscribe}", false, HttpStatusCode.OK, Framing.Refused },
        { "/account/login", false, HttpStatusCode.OK, Framing.Refused },
        { "/admin", false, HttpStatusCode.Redirect, Framing.Refused },
        { "/admin", true, HttpStatusCode.OK, Framing.Refused },
        { "/admin/incidents", true, HttpStatusCode.OK, Framing.Refused },
        { "/api/manage/v1/incidents", false, HttpStatusCode.Unauthorized, Framing.Refused },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task EveryAnswerCarriesTheSecurityHeaders(string path, bool signedIn, HttpStatusCode status, Framing framing)
    {
        using var client = signedIn
            ? await app.CreateSignedInClientAsync(StaffRoles.Editor)
            : app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(Resolve(path), TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        var policy = Directives(Header(response, "Content-Security-Policy"));
        Assert.Equal("'self'", policy["default-src"]);
        Assert.Equal("'self'", policy["script-src"]);
        Assert.Equal("'self'", policy["style-src"]);
        Assert.Equal("'self'", policy["connect-src"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.Equal("'self'", policy["base-uri"]);
        Assert.Equal("'self'", policy["form-action"]);
        Assert.DoesNotContain(policy, d => d.Value.Contains("unsafe-eval", StringComparison.Ordinal));
        Assert.DoesNotContain(policy, d => d.Key != "style-src-attr" && d.Value.Contains("unsafe-inline", StringComparison.Ordinal));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        var permissions = Header(response, "Permissions-Policy");
        foreach (var feature in new[] { "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()" })
        {
            Assert.Contains(feature, permissions);
        }

        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain http");
        if (framing == Framing.Refused)
        {
            Assert.Equal("'none'", policy["frame-ancestors"]);
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        }
        else
        {
            Assert.False(policy.ContainsKey("frame-ancestors"));
            Assert.False(response.Headers.Contains("X-Frame-Options"));
        }

        if (response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            AssertNoInlineScriptOrStyle(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task StaffPagesBringTheirOwnReconnectNoticeSoBlazorInjectsNoInlineStyle()
    {
        using var client = await app.CreateSignedInClientAsync(StaffRoles.Editor);

        var html = await client.GetStringAsync("/admin", TestContext.Current.CancellationToken);

        // blazor.web.js builds its default notice with a <style> element unless the page has one of this id.
        Assert.Contains("id=\"components-reconnect-modal\"", html);
        Assert.Contains("src=\"js/reconnect.js\"", html);
    }

    [Fact]
    public async Task TheWidgetTheBadgeAndTheJsonStayEmbeddableOnOtherSites()
    {
        using var client = app.CreateClient();

        foreach (var path in new[] { "/widget.js", "/badge.svg", "/api/v2/summary.json" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Origin", "https://customer.example");
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
            // Cross-Origin-Resource-Policy would stop a script or img tag on another site from loading these.
            Assert.False(response.Headers.Contains("Cross-Origin-Resource-Policy"), path);
            Assert.False(response.Headers.Contains("Cross-Origin-Embedder-Policy"), path);
        }
    }

    [Fact]
    public async Task SendsHstsOverHttps()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://status.example.com") });

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal("max-age=31536000", Header(response, "Strict-Transport-Security"));
    }

    [Theory]
    [InlineData("127.0.0.1", "max-age=31536000")]
    [InlineData("198.51.100.9", null)]
    public async Task SendsHstsWhenATrustedProxySaysTheRequestCameOverHttps(string connectionFrom, string? hsts)
    {
        // Its own app: a second host on the shared fixture's data folder would be refused.
        await using var fresh = new StatusHubApp();
        await using var proxied = fresh.WithWebHostBuilder(ConnectionFrom.Install);
        using var client = proxied.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://status.example.com") });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add(ConnectionFrom.Header, connectionFrom);
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(hsts, response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? string.Join(",", values) : null);
    }

    private string Resolve(string path)
    {
        if (path.Contains("{incident}", StringComparison.Ordinal))
        {
            var incident = app.Services.GetRequiredService<IncidentService>().Open(
                new NewIncident("Checkout is down", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "We are looking into it.")), "staff@example.net");
            return path.Replace("{incident}", incident.Id, StringComparison.Ordinal);
        }

        var address = $"{Guid.NewGuid():n}@example.org";
        if (path.Contains("{preferences}", StringComparison.Ordinal))
        {
            app.Services.GetRequiredService<SubscriberService>().AddConfirmed(ChannelNames.Email, address, true, null, "staff@example.net");
            var token = app.Services.GetRequiredService<PreferenceLinks>().TokenFor($"email:{address}");
            return path.Replace("{preferences}", Uri.EscapeDataString(token), StringComparison.Ordinal);
        }

        if (path.Contains("{unsubscribe}", StringComparison.Ordinal))
        {
            return new Uri(app.Services.GetRequiredService<UnsubscribeLinks>().For(address)).PathAndQuery;
        }

        return path;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri?.PathAndQuery} answered without {name}.");

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    /// <summary>The policy refuses inline script and inline style; a page that still carried some would break under it.</summary>
    private static void AssertNoInlineScriptOrStyle(string html)
    {
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(EventHandlerAttribute(), html);
        Assert.DoesNotMatch(StyleAttributeOrElement(), html);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[a-z][^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();

    [GeneratedRegex(@"<style[\s>]|<[a-z][^>]*\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttributeOrElement();
}
