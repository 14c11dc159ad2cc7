using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using StatusHub.StatusPage;
using StatusHub.Storage;

namespace StatusHub;

public static partial class Startup
{
    /// <summary>Opens (and migrates) the store before serving anything; a failed migration stops the app with the reason.</summary>
    public static bool OpenStore(WebApplication app)
    {
        // Every setting checked at start is checked here, before the host would log its refusal with a stack trace: a
        // wrong one ends up in SettingProblems with all the others wrong at once. A host embedding the app
        // (WebApplicationFactory) gets the refusal where it starts the host, as from any host.
        if (IsOwnProcess)
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
            Hosting.ListenAddresses.Check(app.Configuration);
        }

        try
        {
            app.Services.GetRequiredService<StatusSnapshotService>();
            return true;
        }
        catch (Exception ex) when (ex is MigrationFailedException or DataFolderInUseException)
        {
            app.Logger.LogCritical("StatusHub cannot start: {Reason}", ex.Message);
            return false;
        }
        catch (UnauthorizedAccessException ex)
        {
            app.Logger.LogCritical("StatusHub cannot start: {Reason} Run it as the user that owns the data folder.", ex.Message);
            return false;
        }
    }

    /// <summary>Whether StatusHub is the process (its console is the operator's), not a host embedded in another program.</summary>
    public static bool IsOwnProcess => System.Reflection.Assembly.GetEntryAssembly() == typeof(Startup).Assembly;

    /// <summary>
    /// What a start (or a command) refused for its settings says, one sentence per wrong key in the words that name it
    /// (<c>Outbox:ShutdownGraceSeconds must be between 0 and 600 seconds.</c>), or null when <paramref name="ex"/> is
    /// no settings problem: a bug keeps its stack trace.
    /// </summary>
    public static IReadOnlyList<string>? SettingProblems(Exception ex) => ex switch
    {
        AggregateException all when all.InnerExceptions.Select(SettingProblems).ToList() is var each && each.All(p => p is not null) =>
            [.. each.SelectMany(p => p!)],
        OptionsValidationException invalid => [.. invalid.Failures.Select(f => DataAnnotationFailure().Match(f) is { Success: true } m ? m.Groups["error"].Value : f)],
        InvalidSettingException => [ex.Message],
        _ when Hosting.ListenAddresses.WhyNotListening(ex) is { } taken => [taken],
        // "Failed to convert configuration value 'banana' at 'Storage:BackupInterval' to type 'System.TimeSpan'."
        InvalidOperationException when ex.TargetSite?.DeclaringType?.Assembly == typeof(ConfigurationBinder).Assembly => [ex.Message],
        _ => null,
    };

    /// <summary>The frame .NET puts around a data annotation's own message, which already names the key.</summary>
    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '[^']*' with the error: '(?<error>.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}
