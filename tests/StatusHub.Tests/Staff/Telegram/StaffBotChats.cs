using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Staff;
using StatusHub.Staff.Telegram;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Staff.Telegram;

/// <summary>A person talking to the bot as themselves, and a staff member on their account page, for the linking tests.</summary>
internal static partial class StaffBotChats
{
    /// <summary>Writes as <paramref name="userId"/> (in their private chat unless <paramref name="chat"/> names a group) and waits for the bot's next message there.</summary>
    public static async Task<TelegramCall> SayAsAsync(this TelegramBotApp bot, long userId, string? username, string text, string? chat = null)
    {
        chat ??= userId.ToString(CultureInfo.InvariantCulture);
        var before = bot.Api.Messages.Count(m => m.ChatId == chat);
        bot.Api.EnqueueMessageFrom(chat, userId, text, username: username);
        var calls = await bot.Api.WaitForAsync(c => c.Count(m => m.Method == "sendMessage" && m.Succeeded && m.ChatId == chat) > before);
        return calls.Where(m => m.Method == "sendMessage" && m.Succeeded && m.ChatId == chat).ElementAt(before);
    }

    /// <summary>
    /// Waits until every update queued so far has been handled: updates are handled in order, so once the answer to a
    /// /help in another private chat is out, everything before it was seen.
    /// </summary>
    public static Task AllHandledAsync(this TelegramBotApp bot) => bot.SayAsAsync(9_999_999, null, "/help");

    public static StaffAccount CreateAccount(this TelegramBotApp bot, string email, string role = StaffRoles.Editor) =>
        bot.App.Services.GetRequiredService<StaffAccountService>().Create(email, role, StaffSignIn.Password, "tests");

    public static async Task<HttpClient> SignInAsync(this TelegramBotApp bot, StaffAccount account)
    {
        var browser = bot.Browser();
        using var response = await browser.PostSignInFormAsync(account.Email, StaffSignIn.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    /// <summary>Presses a button of the account page's Telegram section and returns the page it answers with.</summary>
    public static async Task<(HttpStatusCode Status, string Html)> PostAccountTelegramAsync(this HttpClient browser, params (string Key, string Value)[] fields)
    {
        var token = await browser.GetAntiforgeryTokenAsync(TelegramAccountEndpoints.Path);
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = token };
        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }

        using var response = await browser.PostAsync(TelegramAccountEndpoints.Path, new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>"Link Telegram" on the account page; returns the code as the page shows it in the /link command.</summary>
    public static async Task<string> IssueLinkCodeAsync(this HttpClient browser)
    {
        var (status, html) = await browser.PostAccountTelegramAsync(("Action", TelegramAccountEndpoints.IssueAction));
        Assert.Equal(HttpStatusCode.OK, status);
        var command = LinkCommand().Match(html);
        Assert.True(command.Success, "No /link command on the page:\n" + html);
        return command.Groups["code"].Value;
    }

    [GeneratedRegex(@"<code class=""link-command"">/link (?<code>[0-9A-Z]{5}-[0-9A-Z]{5})</code>")]
    private static partial Regex LinkCommand();
}
