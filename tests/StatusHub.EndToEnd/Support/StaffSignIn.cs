using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatusHub.Staff;

namespace StatusHub.EndToEnd.Support;

/// <summary>An editor signing in through the real form: a staff page sends an anonymous visitor there and back.</summary>
public static class StaffSignIn
{
    private const string Password = "correct horse battery staple";

    /// <summary>Creates the editor <paramref name="email"/> and opens <paramref name="path"/> signed in as them.</summary>
    public static async Task AsEditorAsync(LiveApp app, IPage page, string email, string path)
    {
        app.Services.GetRequiredService<StaffAccountService>().Create(email, StaffRoles.Editor, Password, "e2e");
        await page.GotoAsync(path);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
