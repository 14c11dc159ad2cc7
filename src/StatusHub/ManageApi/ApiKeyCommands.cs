using StatusHub.Storage;
using StatusHub.Time;

namespace StatusHub.ManageApi;

/// <summary>
/// <c>apikey create|list|revoke</c>: management API keys from the server's shell, for automation set up before
/// anyone signs in. <c>create</c> prints the key as the last line of its output, so a script can take it with <c>tail -n 1</c>.
/// </summary>
public static class ApiKeyCommands
{
    private const string Usage = """
        Usage:
          apikey create --name <what uses it> --scope read|write   (prints the key as the last line; it is shown only once)
          apikey list
          apikey revoke --id <key id>
        Add --Storage:DataDirectory <folder> to use another data folder than the app's default.
        """;

    public static int Run(IServiceProvider services, string[] args, Terminal terminal) =>
        VerbCommand.Run<ApiKeyService>(services, args, terminal, Usage, (keys, verb, options, actor) =>
        {
            switch (verb)
            {
                case "create":
                    var name = CommandOptions.Required(options, "name", Usage);
                    var scope = ParseScope(CommandOptions.Required(options, "scope", Usage));
                    var created = keys.Create(name, scope, actor);
                    terminal.Out.WriteLine($"Created {scope.ToString().ToLowerInvariant()} key '{created.Key.Name}' (id {created.Key.Id}). It is shown only now:");
                    terminal.Out.WriteLine(created.Secret);
                    return 0;
                case "list":
                    foreach (var key in keys.All())
                    {
                        var used = key.LastUsedAt is { } at ? UtcText.Format(at) : "never used";
                        terminal.Out.WriteLine($"{key.Id}\t{key.Prefix}…\t{key.Name}\t{key.Scope.ToString().ToLowerInvariant()}\t{(key.IsRevoked ? "revoked" : "active")}\t{used}");
                    }

                    return 0;
                case "revoke":
                    var id = CommandOptions.Required(options, "id", Usage);
                    var wasRevoked = keys.All().Any(k => k.Id == id && k.IsRevoked);
                    var revoked = keys.Revoke(id, actor);
                    terminal.Out.WriteLine(wasRevoked
                        ? $"Key '{revoked.Name}' was already revoked ({revoked.RevokedAt:yyyy-MM-dd HH:mm} UTC, by {revoked.RevokedBy}); nothing changed."
                        : $"Revoked key '{revoked.Name}'.");
                    return 0;
                default:
                    return -1;
            }
        });

    public static ApiKeyScope ParseScope(string scope) => scope.Trim().ToLowerInvariant() switch
    {
        "read" => ApiKeyScope.Read,
        "write" => ApiKeyScope.Write,
        _ => throw new ValidationException($"--scope is read or write, not '{scope}'."),
    };
}
