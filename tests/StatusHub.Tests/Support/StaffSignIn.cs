using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Staff;

namespace StatusHub.Tests.Support;

/// <summary>Staff accounts and sign-in through the real form (antiforgery token and all) for tests of the staff area.</summary>
public static partial class StaffSignIn
{
    public const string Password = "correct horse battery staple";

    /// <summary>A new account with <see cref="Password"/>, created through the service.</summary>
    public static StaffAccount CreateAccount(this StatusHubApp factory, string role, string? email = null) =>
        factory.Services.GetRequiredService<StaffAccountService>()
            .Create(email ?? $"{role}-{Guid.NewGuid():n}@example.com", role, Password, "tests");

    /// <summary>A client holding the sign-in cookie of a new account with <paramref name="role"/>.</summary>
    public static async Task<HttpClient> CreateSignedInClientAsync(this StatusHubApp factory, string role, WebApplicationFactoryClientOptions? options = null) =>
        await factory.CreateSignedInClientAsync(factory.CreateAccount(role), options);

    public static async Task<HttpClient> CreateSignedInClientAsync(this StatusHubApp factory, StaffAccount account, WebApplicationFactoryClientOptions? options = null)
    {
        var client = factory.CreateClient(options ?? new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.PostSignInFormAsync(account.Email, Password);
        if (response.StatusCode != HttpStatusCode.Redirect && response.RequestMessage?.RequestUri?.AbsolutePath != StaffEndpoints.DefaultReturnUrl)
        {
            throw new InvalidOperationException($"Signing in {account.Email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return client;
    }

    /// <summary>Fetches the sign-in page like a browser, then posts its form with the token the page carried.</summary>
    public static async Task<HttpResponseMessage> PostSignInFormAsync(this HttpClient client, string email, string password, string? returnUrl = null)
    {
        var token = await client.GetAntiforgeryTokenAsync("/account/login");
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Email"] = email, ["Password"] = password };
        if (returnUrl is not null)
        {
            fields["ReturnUrl"] = returnUrl;
        }

        return await client.PostAsync("/account/login", new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken);
    }

    /// <summary>The antiforgery token in the page at <paramref name="path"/>; its cookie stays in the client.</summary>
    public static async Task<string> GetAntiforgeryTokenAsync(this HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path, TestContext.Current.CancellationToken);
        var match = TokenInput().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery token in {path}:\n{html}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
