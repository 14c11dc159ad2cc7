using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using StatusHub.Channels.Telegram;
using StatusHub.StatusPage;
using StatusHub.StatusPage.Pages;
using StatusHub.Storage;
using global::Telegram.Bot;
using global::Telegram.Bot.Types;
using StatusHub.Text;

namespace StatusHub.Subscribers.Telegram;

/// <summary>What the bot's routes answer: the link to the bot carrying a choice of components, and Telegram's webhook.</summary>
internal static class TelegramBotEndpoints
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";
    public const int MaxUpdateBytes = 256 * 1024;

    /// <summary>A link to the bot carrying the chosen components (<c>?all=false&amp;components=a,b</c>, or repeated <c>components=</c>).</summary>
    public static Task<IResult> SubscribeAsync(bool? all, string[]? components, HttpContext http)
    {
        var ids = (components ?? []).SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
        return RedirectToBotAsync(http, all ?? ids.Count == 0, ids);
    }

    /// <summary>The subscribe page's form sent with the Telegram button: components chosen as for every other channel, groups included.</summary>
    public static async Task<IResult> SignUpAsync(HttpContext http, IFormCollection form)
    {
        (bool All, IReadOnlyList<string> ComponentIds) choice;
        try
        {
            choice = SubscriptionPages.Following(http, form);
        }
        catch (ValidationException ex)
        {
            return await SubscriptionPages.SubscribeAgainAsync(http, form, ex);
        }

        return await RedirectToBotAsync(http, choice.All, choice.ComponentIds);
    }

    /// <summary>Mints a single-use start token carrying the choice and sends the browser to the bot, whose Start button hands the token back.</summary>
    private static async Task<IResult> RedirectToBotAsync(HttpContext http, bool followAll, IReadOnlyList<string> ids)
    {
        var services = http.RequestServices;
        var snapshots = services.GetRequiredService<StatusSnapshotService>();
        if (!services.GetRequiredService<SignUpChannels>().TelegramIsOn)
        {
            return await PublicAnswer.Say(http, StatusCodes.Status404NotFound, "TelegramOff");
        }

        if (!followAll && ids.Count == 0)
        {
            return await PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "CheckChosen", null, PublicAnswer.Sentence(http, SubscriptionChoice.NoComponent()));
        }

        if (!followAll && !ids.All(snapshots.Current.ComponentsById.ContainsKey))
        {
            return await PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "ChooseAgain");
        }

        if (await services.GetRequiredService<TelegramBotConnection>().UsernameAsync(http.RequestAborted) is not { } username)
        {
            return await PublicAnswer.Say(http, StatusCodes.Status503ServiceUnavailable, "TelegramUnreachable");
        }

        var token = services.GetRequiredService<TelegramStartTokens>().Mint(followAll, ids);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Redirect($"https://t.me/{Uri.EscapeDataString(username)}?start={token}");
    }

    public static async Task<IResult> ReceiveAsync(HttpContext http, TelegramBotConnection bot, TelegramCommands commands, IOptions<StatusPageOptions> page, IHostApplicationLifetime lifetime)
    {
        var options = bot.Options;
        if (!options.UsesWebhook || TelegramUpdateReceiver.Problem(options, page.Value) is not null)
        {
            return Plain("The Telegram webhook is off.", StatusCodes.Status404NotFound);
        }

        if (!SecretText.Same(http.Request.Headers[SecretHeader].ToString(), options.WebhookSecret!))
        {
            return Plain("Wrong or missing " + SecretHeader + ".", StatusCodes.Status401Unauthorized);
        }

        // An update is a few kilobytes; nobody but Telegram has the secret, but a leaked one must not buy megabytes.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxUpdateBytes;
        }

        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(http.Request.Body, JsonBotAPI.Options, http.RequestAborted);
        }
        catch (Exception ex) when (ex is JsonException or BadHttpRequestException)
        {
            return Plain("Not a Telegram update.", StatusCodes.Status400BadRequest);
        }

        if (update is not null)
        {
            // Not the request's token: Telegram giving up on a slow answer must not leave a subscription half made.
            await commands.HandleAsync(update, lifetime.ApplicationStopping);
        }

        return Results.Ok();
    }

    /// <summary>With a body, so the status page's error pages (GET only) do not take over the answer.</summary>
    private static IResult Plain(string text, int statusCode) => Results.Text(text, statusCode: statusCode);
}
