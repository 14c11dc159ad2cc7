using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.ManageApi;
using StatusHub.Staff;
using StatusHub.Storage;

namespace StatusHub.Tests;

public class CommandLineTests : IDisposable
{
    private const string Password = "correct horse battery staple";

    private readonly TempFolder _data = new();

    [Fact]
    public async Task CreatesAnAdminWithThePasswordFromRedirectedInput()
    {
        var (exit, output, _) = await RunAsync(Password + "\n", "admin", "create", "--email", "Admin@Example.com", "--role", "admin");

        Assert.Equal(0, exit);
        Assert.Equal("Created admin admin@example.com.", output.Trim());
        await using var app = BuildApp([]);
        var signIn = app.Services.GetRequiredService<StaffAccountService>().SignIn("admin@example.com", Password, "test");
        Assert.Equal((SignInOutcome.SignedIn, StaffRoles.Admin), (signIn.Outcome, signIn.Account?.Role));
    }

    [Fact]
    public async Task ListsTheAccounts()
    {
        await RunAsync(Password, "admin", "create", "--email=editor@example.com", "--role=editor");

        var (exit, output, _) = await RunAsync("", "admin", "list");

        Assert.Equal(0, exit);
        Assert.Equal("editor@example.com\teditor\tactive\tnever signed in", output.Trim());
    }

    [Fact]
    public async Task ResetsAPasswordFromRedirectedInput()
    {
        await RunAsync(Password, "admin", "create", "--email", "admin@example.com", "--role", "admin");

        var (exit, output, _) = await RunAsync("a brand new passphrase\n", "admin", "reset-password", "--email", "admin@example.com");

        Assert.Equal(0, exit);
        Assert.Contains("Changed the password of admin@example.com", output);
        await using var app = BuildApp([]);
        Assert.Equal(SignInOutcome.SignedIn, app.Services.GetRequiredService<StaffAccountService>().SignIn("admin@example.com", "a brand new passphrase", "test").Outcome);
    }

    [Theory]
    [InlineData("--email admin@example.com --role owner", Password, "Role must be \"admin\" or \"editor\", not \"owner\".")]
    [InlineData("--email not-an-address --role admin", Password, "\"not-an-address\" is not an email address")]
    [InlineData("--email admin@example.com --role admin", "too short", "Password is too short: 9 characters, at least 12.")]
    [InlineData("--email admin@example.com --role admin", "", "No password given")]
    [InlineData("--role admin", Password, "Missing --email.")]
    public async Task RefusesBadInputWithExitCodeTwo(string options, string stdin, string message)
    {
        var (exit, _, error) = await RunAsync(stdin, ["admin", "create", .. options.Split(' ')]);

        Assert.Equal(2, exit);
        Assert.Contains(message, error);
        await using var app = BuildApp([]);
        Assert.False(app.Services.GetRequiredService<StaffAccountService>().AnyExist());
    }

    [Fact]
    public async Task RefusesADuplicateEmailWithExitCodeTwo()
    {
        await RunAsync(Password, "admin", "create", "--email", "admin@example.com", "--role", "admin");

        var (exit, _, error) = await RunAsync(Password, "admin", "create", "--email", "ADMIN@example.com", "--role", "editor");

        Assert.Equal(2, exit);
        Assert.Contains("There is already a staff account for admin@example.com.", error);
    }

    [Fact]
    public async Task ExplainsItsUsageGivenAnUnknownSubcommand()
    {
        var (exit, _, error) = await RunAsync("", "admin", "delete", "--email", "admin@example.com");

        Assert.Equal(2, exit);
        Assert.Contains("admin create --email <address> --role admin|editor", error);
    }

    [Fact]
    public async Task CreatesAnApiKeyAndPrintsItAsTheLastLine()
    {
        var (exit, output, _) = await RunAsync("", "apikey", "create", "--name", "deploy pipeline", "--scope", "write");

        var key = output.TrimEnd().Split('\n')[^1];
        Assert.Equal(0, exit);
        Assert.StartsWith(ApiKeyService.KeyPrefix, key);
        await using var app = BuildApp([]);
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        var found = keys.Authenticate(key);
        Assert.Equal(("deploy pipeline", ApiKeyScope.Write), (found?.Name, found?.Scope));
        Assert.DoesNotContain(keys.All(), k => k.Hash == key || k.Prefix == key);
    }

    [Fact]
    public async Task ListsAndRevokesApiKeys()
    {
        var (_, created, _) = await RunAsync("", "apikey", "create", "--name=monitoring", "--scope=read");
        var key = created.TrimEnd().Split('\n')[^1];
        await using var app = BuildApp([]);
        var id = app.Services.GetRequiredService<ApiKeyService>().All().Single().Id;

        var (listExit, listed, _) = await RunAsync("", "apikey", "list");
        var (revokeExit, revoked, _) = await RunAsync("", "apikey", "revoke", "--id", id);
        var (_, afterwards, _) = await RunAsync("", "apikey", "list");
        var (againExit, again, _) = await RunAsync("", "apikey", "revoke", "--id", id);

        Assert.Equal((0, 0, 0), (listExit, revokeExit, againExit));
        Assert.Equal($"{id}\t{key[..10]}…\tmonitoring\tread\tactive\tnever used", listed.Trim());
        Assert.Equal("Revoked key 'monitoring'.", revoked.Trim());
        Assert.StartsWith("Key 'monitoring' was already revoked (", again);
        Assert.Contains("nothing changed.", again);
        Assert.Contains("\trevoked\t", afterwards);
        await using var after = BuildApp([]);
        Assert.Null(after.Services.GetRequiredService<ApiKeyService>().Authenticate(key));
    }

    [Theory]
    [InlineData("create --name x --scope admin", "--scope is read or write, not 'admin'.")]
    [InlineData("create --scope read", "Missing --name.")]
    [InlineData("revoke --id nope", "There is no API key with id 'nope'.")]
    public async Task RefusesBadApiKeyCommandsWithExitCodeTwo(string options, string message)
    {
        var (exit, _, error) = await RunAsync("", ["apikey", .. options.Split(' ')]);

        Assert.Equal(2, exit);
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData("--Storage:DataDirectory /srv/data apikey create --name ci --scope write")]
    [InlineData("--Storage:DataDirectory=/srv/data apikey create --name ci --scope write")]
    [InlineData("apikey create --name ci --scope write --Storage:DataDirectory /srv/data")]
    [InlineData("apikey create --Storage:DataDirectory /srv/data --name ci --scope write")]
    public void HostSettingsMayComeBeforeOrAfterTheCommand(string line)
    {
        var (command, hostArgs) = CommandLine.Split(line.Split(' '));

        Assert.NotNull(command);
        Assert.Equal(["apikey", "create", "--name", "ci", "--scope", "write"], command);
        Assert.Equal("/srv/data", string.Join(" ", hostArgs).Replace("--Storage:DataDirectory", "").Trim(' ', '='));
    }

    [Fact]
    public void WithoutACommandEveryArgumentStartsTheApp()
    {
        var (command, hostArgs) = CommandLine.Split(["--urls", "http://127.0.0.1:5000", "--Storage:DataDirectory", "/srv/data"]);

        Assert.Null(command);
        Assert.Equal(["--urls", "http://127.0.0.1:5000", "--Storage:DataDirectory", "/srv/data"], hostArgs);
    }

    [Fact]
    public async Task ACommandThatWouldWriteWhileReadOnlyIsRefusedWithTheReasonAndExitCodeOne()
    {
        var (exit, output, error) = await RunAsync("", "--read-only", "apikey", "create", "--name", "ci", "--scope", "read");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("read-only", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("bakup /tmp/statushub.bak")]
    [InlineData("/tmp/statushub.bak")]
    [InlineData("--urls http://127.0.0.1:5000 exprot site")]
    public async Task AnUnknownWordWhereACommandGoesIsRefusedWithTheUsageInsteadOfStartingTheApp(string line)
    {
        var (exit, _, error) = await RunAsync("", line.Split(' '));

        Assert.Equal(2, exit);
        Assert.StartsWith($"Unknown command '{line.Split(' ').First(w => !w.StartsWith('-') && !w.StartsWith("http", StringComparison.Ordinal))}'.", error);
        Assert.Contains("backup <file>", error);
    }

    [Fact]
    public async Task AMistypedCommandLeavesNoTraceInTheDataFolder()
    {
        var folder = Path.Combine(_data.Path, "never-made");

        var (exit, _, error) = await StatusHubProcess.RunCommandAsync(folder, "bakup", "statushub.bak");

        Assert.Equal(2, exit);
        Assert.StartsWith("Unknown command 'bakup'.", error);
        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    [InlineData("--Storage:DataDirectory /srv/data --help")]
    public async Task HelpPrintsTheUsageAndExitsWithoutStartingTheApp(string line)
    {
        var (exit, output, _) = await RunAsync("", line.Split(' '));

        Assert.Equal(0, exit);
        Assert.StartsWith("Usage: StatusHub", output);
    }

    [Fact]
    public void AKeyEqualsValueSettingIsTheHostsNotACommand()
    {
        var (command, hostArgs) = CommandLine.Split(["Storage:DataDirectory=/srv/data"]);

        Assert.Null(command);
        Assert.Equal(["Storage:DataDirectory=/srv/data"], hostArgs);
    }

    public void Dispose() => _data.Dispose();

    /// <summary>Runs a command as Program.cs does: split the arguments, build the app with the data folder as a host argument, run.</summary>
    private async Task<(int Exit, string Output, string Error)> RunAsync(string stdin, params string[] args)
    {
        var (command, hostArgs) = CommandLine.Split([.. args, "--Storage:DataDirectory", _data.Path]);
        await using var app = BuildApp(hostArgs);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CommandLine.RunAsync(app, command!, new Terminal(new StringReader(stdin), output, error, IsInteractive: false));

        return (exit, output.ToString(), error.ToString());
    }

    private WebApplication BuildApp(string[] hostArgs)
    {
        var builder = WebApplication.CreateBuilder(hostArgs.Length > 0 ? hostArgs : ["--Storage:DataDirectory", _data.Path]);
        builder.AddStatusHub();
        return builder.Build();
    }
}
