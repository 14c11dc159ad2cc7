using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Staff;
using StatusHub.Staff.TwoFactor;
using static StatusHub.Tests.Support.StaffSecondFactor;

namespace StatusHub.Tests.Staff.TwoFactor;

public class SecondFactorTests(StatusHubApp factory) : IClassFixture<StatusHubApp>
{
    private static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnrolsOnlyWithACorrectCodeAndShowsTenRecoveryCodesOnce()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var client = await factory.CreateSignedInClientAsync(account);
        var (secret, pending) = await client.StartEnrolmentAsync();

        using var wrong = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "confirm", ["Pending"] = pending, ["Code"] = OtherCode(Code(secret, factory.Time)) });
        var notYet = factory.Services.GetRequiredService<SecondFactors>().Find(account.Id);
        using var right = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "confirm", ["Pending"] = pending, ["Code"] = Code(secret, factory.Time) });
        var shown = await right.Content.ReadAsStringAsync(Cancel);
        var later = await client.GetStringAsync(PagePath, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains(SecondFactors.WrongCode, await wrong.Content.ReadAsStringAsync(Cancel));
        Assert.Null(notYet);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var codes = RecoveryCodes(shown);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z0-9]{5}-[a-z0-9]{5}$", c));
        Assert.Empty(RecoveryCodes(later));
        Assert.Contains("10 recovery codes left", later);
        var stored = factory.Services.GetRequiredService<SecondFactors>().Find(account.Id)!;
        Assert.DoesNotContain(secret, stored.ProtectedSecret, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(stored.RecoveryCodeHashes, h => codes.Contains(h));
        Assert.Contains(Audited(account), e => e.Action == "staff.2fa-enabled");
    }

    [Fact]
    public async Task ShowsTheSecretAsAnInlineQrCodeThatLoadsNothing()
    {
        using var client = await factory.CreateSignedInClientAsync(StaffRoles.Editor);
        using var started = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "start" });
        var html = await started.Content.ReadAsStringAsync(Cancel);

        Assert.Contains("<svg", html);
        Assert.Contains("class=\"totp-qr\"", html);
        Assert.DoesNotMatch("(src|href)=\"https?:", html);
        Assert.True(started.Headers.CacheControl?.NoStore, $"Cache-Control: {started.Headers.CacheControl}");
    }

    [Fact]
    public async Task AsksForTheCodeAfterThePasswordAndOpensNoSessionBeforeIt()
    {
        var (account, enrolment) = await factory.CreateEnrolledAccountAsync();

        using var client = factory.CreateClient(NoRedirects);
        using var password = await client.PostSignInFormAsync(account.Email, StaffSignIn.Password);
        using var between = await client.GetAsync("/admin", Cancel);
        using var wrong = await client.PostSecondStepAsync(OtherCode(Code(enrolment.Secret, factory.Time)));
        using var right = await client.PostSecondStepAsync(Code(enrolment.Secret, factory.Time));
        using var admin = await client.GetAsync("/admin", Cancel);

        Assert.Equal(VerifyPath, password.Headers.Location?.OriginalString);
        Assert.DoesNotContain(password.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("statushub.auth=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, between.StatusCode);
        Assert.StartsWith("/account/login", PathOf(between.Headers.Location));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("/admin", right.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task RefusesATimeStepAlreadyUsedAndAcceptsOneStepOfDrift()
    {
        var (account, enrolment) = await factory.CreateEnrolledAccountAsync();

        var code = Code(enrolment.Secret, factory.Time);
        using var first = factory.CreateClient(NoRedirects);
        await first.PostSignInFormAsync(account.Email, StaffSignIn.Password);
        using var used = await first.PostSecondStepAsync(code);
        using var second = factory.CreateClient(NoRedirects);
        await second.PostSignInFormAsync(account.Email, StaffSignIn.Password);
        using var replayed = await second.PostSecondStepAsync(code);
        factory.Time.Advance(TimeSpan.FromSeconds(30));
        var late = Code(enrolment.Secret, factory.Time);
        factory.Time.Advance(TimeSpan.FromSeconds(30));
        using var drifted = await second.PostSecondStepAsync(late);

        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Contains(SecondFactors.WrongCode, await replayed.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("/admin", drifted.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ARecoveryCodeSignsInOnceAndThePageSaysHowManyAreLeft()
    {
        var (account, enrolment) = await factory.CreateEnrolledAccountAsync();

        using var client = factory.CreateClient(NoRedirects);
        await client.PostSignInFormAsync(account.Email, StaffSignIn.Password);
        using var recovered = await client.PostSecondStepAsync(enrolment.RecoveryCodes[3].ToUpperInvariant());
        var page = await client.GetStringAsync(PagePath, Cancel);
        using var again = factory.CreateClient(NoRedirects);
        await again.PostSignInFormAsync(account.Email, StaffSignIn.Password);
        using var spent = await again.PostSecondStepAsync(enrolment.RecoveryCodes[3]);

        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.Contains("9 recovery codes left", page);
        Assert.Equal(HttpStatusCode.BadRequest, spent.StatusCode);
        Assert.Contains(Audited(account), e => e.Action == "staff.2fa-recovery-code-used" && e.Details.Contains("9 left", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("12345", SecondFactors.CodeFormat)]
    [InlineData("1234567", SecondFactors.CodeFormat)]
    [InlineData("12a456", SecondFactors.CodeFormat)]
    [InlineData("abcde-fghij-klmno", SecondFactors.CodeFormat)]
    [InlineData("abcd!-fghij", SecondFactors.CodeFormat)]
    [InlineData("", SecondFactors.CodeFormat)]
    public async Task RefusesACodeOfTheWrongShapeWithAClearMessage(string code, string message)
    {
        var (account, _) = await factory.CreateEnrolledAccountAsync();

        using var client = factory.CreateClient(NoRedirects);
        await client.PostSignInFormAsync(account.Email, StaffSignIn.Password);
        using var refused = await client.PostSecondStepAsync(code);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(message), await refused.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task TheSecondStepWithoutAPendingSignInSendsBackToTheSignInPage()
    {
        using var client = factory.CreateClient(NoRedirects);

        using var page = await client.GetAsync(VerifyPath, Cancel);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/login", PathOf(page.Headers.Location));
    }

    [Fact]
    public async Task RegeneratingRecoveryCodesNeedsACurrentCodeAndVoidsTheOldOnes()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var client = await factory.CreateSignedInClientAsync(account);
        var enrolment = await client.EnrolAsync(factory.Time);

        using var refused = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "regenerate", ["Code"] = OtherCode(Code(enrolment.Secret, factory.Time)) });
        using var regenerated = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "regenerate", ["Code"] = Code(enrolment.Secret, factory.Time) });
        var fresh = RecoveryCodes(await regenerated.Content.ReadAsStringAsync(Cancel));
        using var other = factory.CreateClient(NoRedirects);
        await other.PostSignInFormAsync(account.Email, StaffSignIn.Password);
        using var old = await other.PostSecondStepAsync(enrolment.RecoveryCodes[0]);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(10, fresh.Count);
        Assert.Empty(fresh.Intersect(enrolment.RecoveryCodes));
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        Assert.Contains(Audited(account), e => e.Action == "staff.2fa-recovery-codes-regenerated");
    }

    [Fact]
    public async Task SwitchingOffNeedsACurrentCodeOrThePassword()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var client = await factory.CreateSignedInClientAsync(account);
        await client.EnrolAsync(factory.Time);

        using var refused = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "disable", ["Password"] = "not the password at all" });
        var still = factory.Services.GetRequiredService<SecondFactors>().Find(account.Id);
        using var off = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "disable", ["Password"] = StaffSignIn.Password });
        using var signIn = factory.CreateClient(NoRedirects);
        using var password = await signIn.PostSignInFormAsync(account.Email, StaffSignIn.Password);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull(still);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.Null(factory.Services.GetRequiredService<SecondFactors>().Find(account.Id));
        Assert.Equal("/admin", password.Headers.Location?.OriginalString);
        Assert.Contains(Audited(account), e => e.Action == "staff.2fa-disabled");
    }

    private IReadOnlyList<AuditEntry> Audited(StaffAccount account) =>
        factory.Services.GetRequiredService<AuditLog>().Page(0, StaffAccount.AuditSubject(account.Email));

    /// <summary>A well-formed code that is not <paramref name="code"/>.</summary>
    internal static string OtherCode(string code) => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
