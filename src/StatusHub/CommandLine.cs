using StatusHub.Staff;
using StatusHub.StaticExport;

namespace StatusHub;

/// <summary>
/// Operator commands run instead of the web server: <c>dotnet run --project src/StatusHub -- admin create --email a@b.c --role admin</c>,
/// <c>… -- export ./site</c>, <c>… -- backup ./statushub.bak</c>.
/// Everything after the command's words is still host configuration (e.g. <c>--Storage:DataDirectory</c>).
/// </summary>
public static class CommandLine
{
    private static readonly string[] Commands = ["admin", "apikey", "export", "backup", "restore"];

    private const string Usage = """
        Usage: StatusHub [--Section:Key <value> …] [--read-only] [command]
        Without a command StatusHub runs the web server (settings: README.md). Commands:
          admin create|reset-password|reset-2fa|list …   staff accounts (admin help: run `admin` alone)
          apikey create|list|revoke …                     management API keys
          export <folder>                                 the public site as static files
          backup <file>                                   a consistent copy of the database, while the app runs or not
          restore <file>                                  the database from a backup (with the app stopped)
          healthcheck [--url <address>]                   exit 0 when the app's /healthz answers (container health checks)
        A command given to a running app (same data folder) is run by the app.
        """;

    /// <summary>Starts the app read-only (<see cref="Storage.ReadOnlyMode"/>): short for <c>--Storage:ReadOnly=true</c>.</summary>
    public const string ReadOnlyFlag = "--read-only";

    public static (string[]? Command, string[] HostArgs) Split(string[] args)
    {
        args = [.. args.Select(a => a == ReadOnlyFlag ? $"--{Storage.StorageOptions.Section}:{nameof(Storage.StorageOptions.ReadOnly)}=true" : a)];
        // Host settings may also come first (--Storage:DataDirectory /srv/data apikey create …): without this, such a line
        // started the web server instead of running the command.
        var start = 0;
        while (start < args.Length && args[start].StartsWith("--", StringComparison.Ordinal))
        {
            start += TakesValue(args, start) ? 2 : 1;
        }

        var command = start < args.Length ? args[start] : null;
        if ((command == "help" || args.Any(a => a is "--help" or "-h" or "-?")) && !Commands.Contains(command, StringComparer.Ordinal))
        {
            return (["help"], []);
        }

        // A word where a command goes is one, known or not: a typo must not start an empty web server on the default folder.
        // (key=value is a host setting, as the configuration's command-line provider reads it.)
        if (command is null || command.Contains('=', StringComparison.Ordinal))
        {
            return (null, args);
        }

        var words = args.Skip(start).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var options = args.Skip(start + words.Length).ToArray();
        // Command options (--email, --role) stay with the command; --Section:Key pairs go to the host.
        var hostArgs = new List<string>(args.Take(start));
        var commandArgs = new List<string>(words);
        for (var i = 0; i < options.Length; i++)
        {
            var target = options[i].Contains(':', StringComparison.Ordinal) ? hostArgs : commandArgs;
            target.Add(options[i]);
            if (TakesValue(options, i))
            {
                target.Add(options[++i]);
            }
        }

        return (commandArgs.ToArray(), hostArgs.ToArray());
    }

    /// <summary>Whether the option at <paramref name="i"/> takes the next argument as its value (<c>--key value</c>, not <c>--key=value</c>).</summary>
    private static bool TakesValue(string[] args, int i) =>
        i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) && !args[i].Contains('=', StringComparison.Ordinal);

    /// <summary>The exit code of a line answered before any app is built (help, an unknown command); null for a command to run.</summary>
    public static int? AnswerWithoutApp(string[] command, Terminal terminal)
    {
        if (command is ["help"])
        {
            terminal.Out.WriteLine(Usage);
            return 0;
        }

        if (!Commands.Contains(command[0], StringComparer.Ordinal))
        {
            terminal.Error.WriteLine($"Unknown command '{command[0]}'.\n{Usage}");
            return VerbCommand.UsageError;
        }

        return null;
    }

    /// <summary>
    /// Runs the command in this process, or, when the app is running on the same data folder (it holds the folder's
    /// lock), hands it to the app: two processes must never have the database open at once.
    /// </summary>
    public static Task<int> RunAsync(WebApplication app, string[] command) => RunAsync(app, command, ConsoleTerminal);

    /// <summary>The operator's terminal: this process's console.</summary>
    public static Terminal ConsoleTerminal => new(Console.In, Console.Out, Console.Error, IsInteractive: !Console.IsInputRedirected);

    internal static async Task<int> RunAsync(WebApplication app, string[] command, Terminal terminal)
    {
        if (AnswerWithoutApp(command, terminal) is { } answered)
        {
            return answered;
        }

        var folder = app.Services.GetRequiredService<Storage.DataFolder>();
        bool taken;
        try
        {
            taken = Storage.DataFolderLock.IsTaken(folder.Path);
        }
        catch (UnauthorizedAccessException ex)
        {
            terminal.Error.WriteLine($"Cannot open the data folder {folder.Path}: {ex.Message} Run the command as the user that owns it.");
            return 1;
        }

        if (!taken)
        {
            return await ExecuteAsync(app.Services, command, terminal);
        }

        if (command is ["restore", ..])
        {
            terminal.Error.WriteLine($"Nothing was restored: {string.Format(System.Globalization.CultureInfo.InvariantCulture, Backups.BackupCommands.AppRunning, folder.Path)}");
            return Backups.BackupCommands.Refused;
        }

        string? input;
        try
        {
            // Whatever the command would read from the terminal is read here, where the terminal is.
            input = AdminCommands.ReadsPassword(command) ? AdminCommands.ReadNewPassword(terminal) + "\n" : null;
        }
        catch (Storage.ValidationException ex)
        {
            terminal.Error.WriteLine(ex.Message);
            return VerbCommand.UsageError;
        }

        return await ControlSocket.ForwardAsync(folder.Path, command, input, terminal);
    }

    /// <summary>Runs the command in this process, on <paramref name="services"/>.</summary>
    internal static Task<int> ExecuteAsync(IServiceProvider services, string[] command, Terminal terminal)
    {
        if (command is ["admin", .. var rest])
        {
            return Task.FromResult(AdminCommands.Run(services, rest, terminal));
        }

        if (command is ["apikey", .. var apiKeyArgs])
        {
            return Task.FromResult(ManageApi.ApiKeyCommands.Run(services, apiKeyArgs, terminal));
        }

        if (command is ["export", .. var exportArgs])
        {
            return ExportCommand.RunAsync(services, exportArgs, terminal);
        }

        if (command is ["backup", .. var backupArgs])
        {
            return Task.FromResult(Backups.BackupCommands.Backup(services, backupArgs, terminal));
        }

        if (command is ["restore", .. var restoreArgs])
        {
            return Task.FromResult(Backups.BackupCommands.Restore(services, restoreArgs, terminal));
        }

        // Only a request to the control socket gets here with a word no branch above takes: said as the command line says it.
        return Task.FromResult(AnswerWithoutApp(command, terminal) ?? VerbCommand.UsageError);
    }
}

/// <summary>
/// The frame of a verb command (<c>admin create …</c>, <c>apikey list</c>): one verb and its options, the service it
/// works on, and exit codes: 2 with the usage or the refusal for bad input, 1 when the database cannot be opened.
/// </summary>
public static class VerbCommand
{
    public const int UsageError = 2;

    /// <param name="run">Does the verb: (service, verb, options, actor) → exit code; -1 for a verb it does not know.</param>
    public static int Run<TService>(IServiceProvider services, string[] args, Terminal terminal, string usage, Func<TService, string, Dictionary<string, string>, string, int> run)
        where TService : notnull
    {
        var words = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        if (words.Length != 1 || CommandOptions.Parse(args[1..]) is not { } options)
        {
            terminal.Error.WriteLine(usage);
            return UsageError;
        }

        TService service;
        try
        {
            service = services.GetRequiredService<TService>();
        }
        catch (Exception ex) when (ex is Storage.MigrationFailedException or Storage.DataFolderInUseException)
        {
            terminal.Error.WriteLine($"Cannot open the database: {ex.Message}");
            return 1;
        }

        try
        {
            var exit = run(service, words[0], options, $"command line ({terminal.User ?? Environment.UserName})");
            if (exit < 0)
            {
                terminal.Error.WriteLine(usage);
                return UsageError;
            }

            return exit;
        }
        catch (Exception ex) when (ex is Storage.ValidationException or Storage.ConcurrencyConflictException or Storage.NotFoundException)
        {
            terminal.Error.WriteLine(ex.Message);
            return UsageError;
        }
        catch (Storage.ReadOnlyException ex)
        {
            // An expected refusal, not a failure of the app: said to the operator, no stack trace in the app's log.
            terminal.Error.WriteLine(ex.Message);
            return 1;
        }
    }
}

/// <summary>A command's <c>--name value</c> and <c>--name=value</c> options.</summary>
public static class CommandOptions
{
    /// <summary>The options by name (case-insensitive); null when something else is in the way.</summary>
    public static Dictionary<string, string>? Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            var (name, value) = args[i][2..].Split('=', 2) switch
            {
                [var n, var v] => (n, v),
                [var n] when i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) => (n, args[++i]),
                [var n] => (n, ""),
                _ => ("", ""),
            };
            options[name] = value;
        }

        return options;
    }

    public static string Required(Dictionary<string, string> options, string name, string usage) =>
        options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new Storage.ValidationException($"Missing --{name}.\n{usage}");
}

/// <summary>
/// Where a command reads and writes; <see cref="IsInteractive"/> is false when standard input is a pipe or a file.
/// <paramref name="User"/> and <paramref name="WorkingDirectory"/> are the operator's when the command came from
/// another process (<see cref="ControlSocket"/>).
/// </summary>
public sealed record Terminal(TextReader In, TextWriter Out, TextWriter Error, bool IsInteractive, string? User = null, string? WorkingDirectory = null)
{
    /// <summary>A path the operator typed, relative to where they typed it (not to where the app runs).</summary>
    public string FullPath(string path) => Path.GetFullPath(path, WorkingDirectory ?? Environment.CurrentDirectory);

    /// <summary>Reads a secret without echoing it on a terminal; from a pipe, reads one line.</summary>
    public string? ReadSecret(string prompt)
    {
        if (!IsInteractive)
        {
            return In.ReadLine();
        }

        Error.Write(prompt);
        var secret = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Error.WriteLine();
                return secret.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                secret.Length = Math.Max(0, secret.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }
    }
}
