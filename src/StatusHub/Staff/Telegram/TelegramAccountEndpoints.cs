using Microsoft.AspNetCore.Http.HttpResults;
using StatusHub.Components;
using StatusHub.Storage;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// The Telegram forms of the account page post here (through the account group of <see cref="StaffEndpoints"/>: antiforgery,
/// an expired form refused cleanly) and the page is rendered again with the outcome. Acts only on the signed-in account.
/// </summary>
public static class TelegramAccountEndpoints
{
    public const string Path = "/account/telegram";
    public const string IssueAction = "issue";
    public const string UnlinkAction = "unlink";

    public static async Task<IResult> PostAsync(HttpContext http, StaffSessions sessions, TelegramLinkCodes codes, TelegramStaff staff)
    {
        var form = await http.Request.ReadFormAsync();
        if (sessions.Validate(http.User) is not { } open)
        {
            return Results.Redirect("/account/login");
        }

        // The page may carry a live code: never kept by a browser or a proxy.
        http.Response.Headers.CacheControl = "no-store";
        var account = open.Account;
        try
        {
            switch (form["Action"].ToString())
            {
                case IssueAction:
                    return Page(http, new TelegramAccountState(codes.Issue(account.Id, account.Email), null, null), StatusCodes.Status200OK);
                case UnlinkAction:
                    var telegramUserId = TelegramStaff.ParseUserId(form["TelegramUserId"]);
                    return staff.Unlink(telegramUserId, account.Email, account.Id)
                        ? Page(http, new TelegramAccountState(null, $"Unlinked Telegram user {telegramUserId}: it no longer acts as you.", null), StatusCodes.Status200OK)
                        : Page(http, new TelegramAccountState(null, null, "That Telegram user is not linked to your account (any more)."), StatusCodes.Status400BadRequest);
                default:
                    return Page(http, new TelegramAccountState(null, null, "The form asked for nothing this page does. Reload it and try again."), StatusCodes.Status400BadRequest);
            }
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException)
        {
            return Page(http, new TelegramAccountState(null, null, ex.Message), StatusCodes.Status400BadRequest);
        }
    }

    private static RazorComponentResult Page(HttpContext http, TelegramAccountState state, int statusCode)
    {
        http.Items[typeof(TelegramAccountState)] = state;
        return new RazorComponentResult<App> { StatusCode = statusCode };
    }
}
