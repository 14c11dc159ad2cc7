using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace StatusHub.Tests.Support;

/// <summary>A second factor enrolled through the account page like a person with an authenticator app would, codes computed by Otp.NET.</summary>
public static partial class StaffSecondFactor
{
    public const string PagePath = "/account/second-factor";
    public const string VerifyPath = "/account/second-factor/verify";

    /// <summary>What the page showed: the secret as text, and the recovery codes it showed once.</summary>
    public sealed record Enrolment(string Secret, IReadOnlyList<string> RecoveryCodes);

    /// <summary>The authenticator app's code for the time step <paramref name="time"/> is in now.</summary>
    public static string Code(string secret, TimeProvider time) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(time.GetUtcNow().UtcDateTime);

    /// <summary>A new editor that enrolled a second factor (through a session of its own, signed out again).</summary>
    public static async Task<(StatusHub.Staff.StaffAccount Account, Enrolment Enrolment)> CreateEnrolledAccountAsync(this StatusHubApp factory)
    {
        var account = factory.CreateAccount(StatusHub.Staff.StaffRoles.Editor);
        using var enrolling = await factory.CreateSignedInClientAsync(account);
        return (account, await enrolling.EnrolAsync(factory.Time));
    }

    /// <summary>Sets up the second factor of the signed-in client, then moves the clock past the time step the enrolment used.</summary>
    public static async Task<Enrolment> EnrolAsync(this HttpClient client, FakeTimeProvider time)
    {
        var (secret, pending) = await client.StartEnrolmentAsync();
        using var confirmed = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "confirm", ["Pending"] = pending, ["Code"] = Code(secret, time) });
        var html = await confirmed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (confirmed.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Enrolment answered {(int)confirmed.StatusCode}: {html}");
        }

        time.Advance(TimeSpan.FromSeconds(30));
        return new Enrolment(secret, RecoveryCodes(html));
    }

    /// <summary>Asks the page for a new secret: its text and the signed pending enrolment the confirming form carries.</summary>
    public static async Task<(string Secret, string Pending)> StartEnrolmentAsync(this HttpClient client)
    {
        using var started = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "start" });
        var html = await started.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var secret = SecretText().Match(html);
        var pending = PendingInput().Match(html);
        return secret.Success && pending.Success
            ? (secret.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal), WebUtility.HtmlDecode(pending.Groups[1].Value))
            : throw new InvalidOperationException($"No secret in the enrolment page ({(int)started.StatusCode}):\n{html}");
    }

    /// <summary>Posts the sign-in step's form with a code or a recovery code.</summary>
    public static Task<HttpResponseMessage> PostSecondStepAsync(this HttpClient client, string code) =>
        client.PostPageFormAsync(VerifyPath, new() { ["Code"] = code });

    /// <summary>Fetches <paramref name="path"/> for its antiforgery token, then posts <paramref name="fields"/> to it.</summary>
    public static async Task<HttpResponseMessage> PostPageFormAsync(this HttpClient client, string path, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await client.GetAntiforgeryTokenAsync(path);
        return await client.PostAsync(path, new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken);
    }

    /// <summary>The path a redirect points to, whether the server wrote it absolute or relative.</summary>
    public static string? PathOf(Uri? location) =>
        location is null ? null : location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];

    public static IReadOnlyList<string> RecoveryCodes(string html) => [.. RecoveryCode().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<code class=\"totp-secret\"[^>]*>([A-Z2-7 ]+)</code>")]
    private static partial Regex SecretText();

    [GeneratedRegex("name=\"Pending\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex PendingInput();

    [GeneratedRegex("<li class=\"recovery-code\"[^>]*><code[^>]*>([a-z0-9-]+)</code></li>")]
    private static partial Regex RecoveryCode();
}
