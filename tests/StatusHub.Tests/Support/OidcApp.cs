using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace StatusHub.Tests.Support;

/// <summary>
/// The real app signing staff in through <see cref="FakeIdentityProvider"/> on loopback: members of
/// <see cref="AdminGroup"/> become admins, of <see cref="EditorGroup"/> editors. The browser's part of the code flow is
/// played by two clients: the app's own (with its cookies) and a plain one for the provider.
/// </summary>
public sealed class OidcApp : IAsyncLifetime
{
    public const string DisplayName = "Fake IdP";
    public const string AdminGroup = "statushub-admins";
    public const string EditorGroup = "statushub-editors";

    public FakeIdentityProvider IdentityProvider { get; private set; } = null!;

    public StatusHubApp App { get; } = new() { Logs = new LogCollector() };

    public async ValueTask InitializeAsync()
    {
        IdentityProvider = await FakeIdentityProvider.StartAsync();
        Configure(App, IdentityProvider.Authority);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await IdentityProvider.DisposeAsync();
    }

    /// <summary>The settings an operator writes for a provider at <paramref name="authority"/>.</summary>
    public static void Configure(StatusHubApp app, string authority)
    {
        app.Settings["Staff:Oidc:Authority"] = authority;
        app.Settings["Staff:Oidc:ClientId"] = FakeIdentityProvider.ClientId;
        app.Settings["Staff:Oidc:ClientSecret"] = FakeIdentityProvider.ClientSecret;
        app.Settings["Staff:Oidc:DisplayName"] = DisplayName;
        app.Settings["Staff:Oidc:RoleClaim"] = FakeIdentityProvider.GroupsClaim;
        app.Settings["Staff:Oidc:AdminValues:0"] = AdminGroup;
        app.Settings["Staff:Oidc:EditorValues:0"] = "some-other-group";
        app.Settings["Staff:Oidc:EditorValues:1"] = EditorGroup;
    }

    public HttpClient CreateClient() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>
    /// Presses "Sign in with …" on the login page, lets the provider sign <paramref name="user"/> in, and returns the app's
    /// answer to the provider's redirect back (the callback), unfollowed.
    /// </summary>
    public async Task<HttpResponseMessage> SignInAsync(HttpClient client, IdentityProviderUser user, string? returnUrl = null)
    {
        var cancel = TestContext.Current.CancellationToken;
        var token = await client.GetAntiforgeryTokenAsync("/account/login");
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token };
        if (returnUrl is not null)
        {
            fields["ReturnUrl"] = returnUrl;
        }

        using var start = await client.PostAsync("/account/oidc", new FormUrlEncodedContent(fields), cancel);
        var authorize = start.StatusCode == HttpStatusCode.Redirect && start.Headers.Location is { IsAbsoluteUri: true } location
            && location.GetLeftPart(UriPartial.Authority) == IdentityProvider.Authority
                ? location
                : throw new InvalidOperationException($"Starting single sign-on answered {(int)start.StatusCode} {start.Headers.Location}: {await start.Content.ReadAsStringAsync(cancel)}");

        IdentityProvider.NextUser = user;
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var signedIn = await browser.GetAsync(authorize, cancel);
        var callback = signedIn.StatusCode == HttpStatusCode.Redirect
            ? signedIn.Headers.Location!
            : throw new InvalidOperationException($"The identity provider answered {(int)signedIn.StatusCode}: {await signedIn.Content.ReadAsStringAsync(cancel)}");
        return await client.GetAsync(callback, cancel);
    }
}
