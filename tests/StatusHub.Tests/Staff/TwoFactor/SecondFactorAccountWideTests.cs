using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Staff;
using StatusHub.Staff.TwoFactor;
using static StatusHub.Tests.Support.StaffSecondFactor;

namespace StatusHub.Tests.Staff.TwoFactor;

/// <summary>What changes the whole app (the admin's requirement) or its sign-in tallies: each test has an app of its own.</summary>
public sealed class SecondFactorAccountWideTests : IDisposable
{
    private static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false };

    private readonly StatusHubApp _app = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RequiredForEveryoneSendsAnAccountWithoutItToEnrolBeforeAnyStaffPage()
    {
        var admin = _app.CreateAccount(StaffRoles.Admin);
        using var adminClient = await _app.CreateSignedInClientAsync(admin);
        var adminEnrolment = await adminClient.EnrolAsync(_app.Time);
        var editor = _app.CreateAccount(StaffRoles.Editor);
        using var editorBefore = await _app.CreateSignedInClientAsync(editor);

        using var required = await adminClient.PostPageFormAsync(PagePath, new() { ["Action"] = "require", ["Required"] = "true" });
        using var oldSession = await editorBefore.GetAsync("/admin/incidents", Cancel);
        using var client = _app.CreateClient(NoRedirects);
        using var password = await client.PostSignInFormAsync(editor.Email, StaffSignIn.Password);
        using var dashboard = await client.GetAsync("/admin", Cancel);
        using var telegram = await client.GetAsync("/account/telegram", Cancel);
        var refusedDisable = await RefusedDisableAsync(adminClient, adminEnrolment);
        await client.EnrolAsync(_app.Time);
        using var afterwards = await client.GetAsync("/admin", Cancel);

        Assert.Equal(HttpStatusCode.OK, required.StatusCode);
        Assert.True(_app.Services.GetRequiredService<SecondFactors>().Required);
        Assert.Equal(PagePath, PathOf(oldSession.Headers.Location));
        Assert.Equal(PagePath, password.Headers.Location?.OriginalString);
        Assert.Equal(PagePath, PathOf(dashboard.Headers.Location));
        Assert.Equal(PagePath, PathOf(telegram.Headers.Location));
        Assert.Contains(SecondFactors.RequiredByAdmin, refusedDisable);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.Contains(_app.Services.GetRequiredService<AuditLog>().Page(0), e => e.Action == "staff.2fa-required" && e.Actor == admin.Email);
    }

    [Fact]
    public async Task AnAdminWithoutASecondFactorCannotRequireIt()
    {
        using var admin = await _app.CreateSignedInClientAsync(StaffRoles.Admin);

        using var refused = await admin.PostPageFormAsync(PagePath, new() { ["Action"] = "require", ["Required"] = "true" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(_app.Services.GetRequiredService<SecondFactors>().Required);
    }

    [Fact]
    public async Task AnEditorCannotRequireIt()
    {
        using var editor = await _app.CreateSignedInClientAsync(StaffRoles.Editor);
        await editor.EnrolAsync(_app.Time);

        using var refused = await editor.PostPageFormAsync(PagePath, new() { ["Action"] = "require", ["Required"] = "true" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(_app.Services.GetRequiredService<SecondFactors>().Required);
    }

    [Fact]
    public async Task WrongCodesCountTowardTheSameBackOffAsWrongPasswords()
    {
        var (account, enrolment) = await _app.CreateEnrolledAccountAsync();

        using var client = _app.CreateClient(NoRedirects);
        await client.PostSignInFormAsync(account.Email, StaffSignIn.Password);
        for (var i = 0; i < SignInBackOff.FreeFailures; i++)
        {
            using var wrong = await client.PostSecondStepAsync(SecondFactorTests.OtherCode(Code(enrolment.Secret, _app.Time)));
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using var throttled = await client.PostSecondStepAsync(Code(enrolment.Secret, _app.Time));
        using var password = await _app.CreateClient(NoRedirects).PostSignInFormAsync(account.Email, StaffSignIn.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, password.StatusCode);
    }

    [Fact]
    public async Task ResetByTheCommandLineSwitchesItOffAndEndsTheAccountsSessions()
    {
        var account = _app.CreateAccount(StaffRoles.Editor);
        using var client = await _app.CreateSignedInClientAsync(account);
        await client.EnrolAsync(_app.Time);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CommandLine.ExecuteAsync(_app.Services, ["admin", "reset-2fa", "--email", account.Email.ToUpperInvariant()],
            new Terminal(new StringReader(""), output, error, IsInteractive: false, User: "root"));
        using var ended = await client.GetAsync("/admin", Cancel);
        using var password = await _app.CreateClient(NoRedirects).PostSignInFormAsync(account.Email, StaffSignIn.Password);

        Assert.True(exit == 0, error.ToString());
        Assert.Equal($"Switched off the second factor of {account.Email} and ended its sessions.", output.ToString().Trim());
        Assert.Null(_app.Services.GetRequiredService<SecondFactors>().Find(account.Id));
        Assert.StartsWith("/account/login", PathOf(ended.Headers.Location));
        Assert.Equal("/admin", password.Headers.Location?.OriginalString);
        Assert.Contains(_app.Services.GetRequiredService<AuditLog>().Page(0, StaffAccount.AuditSubject(account.Email)),
            e => e.Action == "staff.2fa-reset" && e.Actor == "command line (root)");
    }

    [Fact]
    public async Task ResetByTheCommandLineNamesAnAccountWithoutASecondFactor()
    {
        var account = _app.CreateAccount(StaffRoles.Editor);
        var error = new StringWriter();

        var exit = await CommandLine.ExecuteAsync(_app.Services, ["admin", "reset-2fa", "--email", account.Email],
            new Terminal(new StringReader(""), new StringWriter(), error, IsInteractive: false));

        Assert.Equal(2, exit);
        Assert.Contains($"{account.Email} has no second factor", error.ToString());
    }

    public void Dispose() => _app.Dispose();

    private static async Task<string> RefusedDisableAsync(HttpClient client, Enrolment enrolment)
    {
        using var refused = await client.PostPageFormAsync(PagePath, new() { ["Action"] = "disable", ["Password"] = StaffSignIn.Password });
        return refused.StatusCode == HttpStatusCode.BadRequest ? await refused.Content.ReadAsStringAsync(Cancel) : $"answered {(int)refused.StatusCode}";
    }
}
