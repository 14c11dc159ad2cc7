using StatusHub.Storage;
using StatusHub.Time;

namespace StatusHub.Staff;

/// <summary>
/// <c>admin create|list|reset-password|reset-2fa</c>: manage staff accounts from the server's shell, e.g. to create the first admin
/// or to let a locked-out admin back in. Passwords come from standard input so they stay out of shell history.
/// </summary>
public static class AdminCommands
{
    public const int UsageError = VerbCommand.UsageError;

    private const string Usage = """
        Usage:
          admin create --email <address> --role admin|editor    (password from standard input)
          admin reset-password --email <address>                (password from standard input)
          admin reset-2fa --email <address>                     (switches the second factor off, ends the sessions)
          admin list
        Add --Storage:DataDirectory <folder> to use another data folder than the app's default.
        """;

    public static int Run(IServiceProvider services, string[] args, Terminal terminal) =>
        VerbCommand.Run<StaffAccountService>(services, args, terminal, Usage, (accounts, verb, options, actor) =>
        {
            switch (verb)
            {
                case "create":
                    var email = Required(options, "email");
                    var role = Required(options, "role");
                    var account = accounts.Create(email, role, ReadNewPassword(terminal), actor);
                    terminal.Out.WriteLine($"Created {account.Role} {account.Email}.");
                    return 0;
                case "reset-password":
                    var existing = accounts.FindByEmail(Required(options, "email")) ?? throw new ValidationException($"There is no staff account for {options["email"]}.");
                    accounts.ResetPassword(existing.Id, existing.Version, ReadNewPassword(terminal), actor);
                    terminal.Out.WriteLine($"Changed the password of {existing.Email}.");
                    return 0;
                case "reset-2fa":
                    var holder = accounts.FindByEmail(Required(options, "email")) ?? throw new ValidationException($"There is no staff account for {options["email"]}.");
                    services.GetRequiredService<TwoFactor.SecondFactors>().Reset(holder, actor);
                    terminal.Out.WriteLine($"Switched off the second factor of {holder.Email} and ended its sessions.");
                    return 0;
                case "list":
                    foreach (var a in accounts.All())
                    {
                        var lastSignIn = a.LastSignInAt is { } at ? UtcText.Format(at) : "never signed in";
                        terminal.Out.WriteLine($"{a.Email}\t{a.Role}\t{(a.Disabled ? "disabled" : "active")}\t{lastSignIn}");
                    }

                    return 0;
                default:
                    return -1;
            }
        });

    /// <summary>
    /// Whether the command reads a new password from the terminal: only once its options are all there, so a mistyped
    /// one (<c>admin create --help</c>) gets its usage at once rather than after a password nobody meant to give.
    /// </summary>
    public static bool ReadsPassword(string[] command) =>
        command is ["admin", "create" or "reset-password", .. var rest]
        && CommandOptions.Parse(rest) is { } options
        && options.ContainsKey("email")
        && (command[1] == "reset-password" || options.ContainsKey("role"));

    internal static string ReadNewPassword(Terminal terminal)
    {
        var password = terminal.ReadSecret("Password: ") ?? throw new ValidationException("No password given: type it, or pipe it to standard input.");
        if (terminal.IsInteractive && terminal.ReadSecret("Password again: ") != password)
        {
            throw new ValidationException("The two passwords differ; nothing was changed.");
        }

        return password;
    }

    private static string Required(Dictionary<string, string> options, string name) => CommandOptions.Required(options, name, Usage);
}
