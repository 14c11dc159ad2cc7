using StatusHub;
using StatusHub.Alerts;
using StatusHub.Channels;
using StatusHub.Components;
using StatusHub.Conversations;
using StatusHub.Feeds;
using StatusHub.Hosting;
using StatusHub.ManageApi;
using StatusHub.Operations;
using StatusHub.PublicApi;
using StatusHub.Postmortems;
using StatusHub.Staff;
using StatusHub.StatusPage;
using StatusHub.Subscribers;
using StatusHub.Subscribers.Telegram;

if (HealthCheckCommand.Matches(args))
{
    return await HealthCheckCommand.RunAsync(args, Console.Error);
}

var (command, hostArgs) = CommandLine.Split(args);
// Help and a mistyped command are answered before the app is built, so they leave no trace in a data folder.
if (command is not null && CommandLine.AnswerWithoutApp(command, CommandLine.ConsoleTerminal) is { } answered)
{
    return answered;
}

var builder = WebApplication.CreateBuilder(hostArgs);
try
{
    builder.AddStatusHub();

    // Disposed however Main ends: the console logger writes from a queue, and a refusal to start (another process on the
    // data folder, a failed migration) logged just before `return 1` would otherwise be lost with the process.
    await using var app = builder.Build();

    if (command is not null)
    {
        return await CommandLine.RunAsync(app, command);
    }

    if (!Startup.OpenStore(app))
    {
        return 1;
    }

    // First, so that every answer gets its headers, whichever middleware or endpoint writes it.
    app.UseSecurityHeaders();
    app.UseForwardedHeaders();
    if (!app.Environment.IsDevelopment())
    {
        app.UseExceptionHandler("/error", createScopeForErrors: true);
    }

    app.UseEarlyPublicAnswers();

    app.UsePublicStatusCodePages();
    app.UseReadOnlyAnswers();
    app.UseStaticFiles();
    app.UseRouting();
    app.UseRateLimiter();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseAntiforgery();

    app.MapStaticAssets();
    var routes = app.MapGroup("").AnswerHeadLikeGet();
    routes.MapStatusPage();
    routes.MapPublicApi();
    routes.MapFeeds();
    routes.MapPostmortems();
    routes.MapStaff();
    routes.MapChannels();
    routes.MapSubscribers();
    routes.MapSmsAndWebhookSubscriptions();
    routes.MapTelegramBot();
    routes.MapConversations();
    routes.MapAlerts();
    routes.MapManageApi();
    routes.MapOperations();
    app.MapRazorComponents<App>().AddInteractiveServerRenderMode().WithSecurityHeadersPolicy(SecurityHeaders.StaffPolicy);

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (Startup.SettingProblems(ex) is { } problems && Startup.IsOwnProcess)
{
    // A wrong setting is the operator's to fix: said in one line per key, not as a crash with a stack trace. (A host
    // embedding the app, such as WebApplicationFactory, gets the exception instead.)
    foreach (var problem in problems)
    {
        Console.Error.WriteLine($"StatusHub cannot start: {problem}");
    }

    return 1;
}

/// <summary>Exposed for WebApplicationFactory in the integration tests.</summary>
public partial class Program;
