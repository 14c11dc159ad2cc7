using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Staff;
using StatusHub.Staff.TwoFactor;
using static StatusHub.Tests.Support.StaffSecondFactor;

namespace StatusHub.Tests.Staff.TwoFactor;

/// <summary>
/// The proofs the second-factor page asks of a signed-in person (the password or a current code) are guessed no faster
/// than at sign-in: someone at a page left signed in must not be able to try passwords or codes at will.
/// </summary>
public class SecondFactorReauthenticationTests(StatusHubApp factory) : IClassFixture<StatusHubApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WrongPasswordsWhenSwitchingOffBackOffAsAtSignInAndEvenTheRightOneWaits()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var client = await factory.CreateSignedInClientAsync(account);
        await client.EnrolAsync(factory.Time);

        var wrong = new List<HttpStatusCode>();
        for (var i = 0; i < SignInBackOff.FreeFailures; i++)
        {
            using var guess = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "disable", ["Password"] = $"guess {i}" });
            wrong.Add(guess.StatusCode);
        }

        using var waiting = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "disable", ["Password"] = StaffSignIn.Password });
        var still = Factors.Find(account.Id);
        factory.Time.Advance(SignInBackOff.FirstPause);
        using var off = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "disable", ["Password"] = StaffSignIn.Password });

        Assert.All(wrong, status => Assert.Equal(HttpStatusCode.BadRequest, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
        Assert.NotNull(waiting.Headers.RetryAfter);
        Assert.Contains("Too many wrong codes or passwords", await waiting.Content.ReadAsStringAsync(Cancel));
        Assert.NotNull(still);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.Null(Factors.Find(account.Id));
        Assert.Equal(SignInBackOff.FreeFailures, Audited(account).Count(e => e.Action == "staff.2fa-change-refused" && e.Details.EndsWith("wrong password", StringComparison.Ordinal)));
        Assert.Contains(Audited(account), e => e.Action == "staff.2fa-change-throttled");
    }

    [Fact]
    public async Task WrongCodesForNewRecoveryCodesBackOffAndHandOutNothing()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var client = await factory.CreateSignedInClientAsync(account);
        var enrolment = await client.EnrolAsync(factory.Time);

        for (var i = 0; i < SignInBackOff.FreeFailures; i++)
        {
            using var guess = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "regenerate", ["Code"] = SecondFactorTests.OtherCode(Code(enrolment.Secret, factory.Time)) });
            Assert.Equal(HttpStatusCode.BadRequest, guess.StatusCode);
        }

        using var waiting = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "regenerate", ["Code"] = Code(enrolment.Secret, factory.Time) });
        var shown = RecoveryCodes(await waiting.Content.ReadAsStringAsync(Cancel));

        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
        Assert.Empty(shown);
        Assert.Equal(enrolment.RecoveryCodes.Count, Factors.Find(account.Id)!.RecoveryCodeHashes.Count);
        Assert.DoesNotContain(Audited(account), e => e.Action == "staff.2fa-recovery-codes-regenerated");
    }

    [Fact]
    public async Task SwitchingOffWithoutASecondFactorSaysSoAndTellsNothingAboutThePassword()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var client = await factory.CreateSignedInClientAsync(account);

        using var wrongPassword = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "disable", ["Password"] = "a guess" });
        using var rightPassword = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "disable", ["Password"] = StaffSignIn.Password });

        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, rightPassword.StatusCode);
        var wrongText = await wrongPassword.Content.ReadAsStringAsync(Cancel);
        Assert.Contains(SecondFactors.NotEnrolled, wrongText);
        Assert.DoesNotContain(SecondFactors.WrongPassword, wrongText);
        Assert.Contains(SecondFactors.NotEnrolled, await rightPassword.Content.ReadAsStringAsync(Cancel));
        Assert.DoesNotContain(Audited(account), e => e.Action == "staff.2fa-disabled");
    }

    private SecondFactors Factors => factory.Services.GetRequiredService<SecondFactors>();

    private IReadOnlyList<AuditEntry> Audited(StaffAccount account) =>
        factory.Services.GetRequiredService<AuditLog>().Page(0, StaffAccount.AuditSubject(account.Email));
}
