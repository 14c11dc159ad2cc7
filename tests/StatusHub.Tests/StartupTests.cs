namespace StatusHub.Tests;

public class StartupTests
{
    [Theory]
    [InlineData("Outbox:ShutdownGraceSeconds", "-5", "Outbox:ShutdownGraceSeconds must be between 0 and 600 seconds.")]
    [InlineData("Storage:BackupInterval", "banana", "'banana' at 'Storage:BackupInterval'")]
    [InlineData("Storage:BackupKeepCount", "-1", "Storage:BackupKeepCount must be a number from 1 to 10000")]
    [InlineData("StatusPage:PublicUrl", "not-a-url", "StatusPage:PublicUrl must be an absolute http(s) URL")]
    [InlineData("Metrics:Token", "short", "Metrics:Token is too short to be a secret")]
    [InlineData("ReverseProxy:KnownProxies:0", "banana", "ReverseProxy:KnownProxies has 'banana'")]
    [InlineData("urls", "notaurl", "urls has 'notaurl', which is not an address to listen on")]
    [InlineData("urls", "http://127.0.0.1:8080;ftp://127.0.0.1:21", "urls has 'ftp://127.0.0.1:21'")]
    public async Task AWrongSettingStopsTheStartWithOneLineNamingTheKeyAndNoStackTrace(string key, string value, string expected)
    {
        using var data = new TempFolder();
        using var app = StatusHubProcess.Start(data.Path, [new(key, value)]);

        var exit = await app.WaitForExitAsync();

        Assert.Equal(1, exit);
        var refusal = Assert.Single(app.Lines, line => line.StartsWith("StatusHub cannot start: ", StringComparison.Ordinal));
        Assert.Contains(expected, refusal);
        Assert.DoesNotContain(app.Lines, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal) || line.Contains("Exception"));
    }

    [Fact]
    public async Task EveryWrongSettingIsNamedAtOnce()
    {
        using var data = new TempFolder();
        using var app = StatusHubProcess.Start(data.Path, [new("Export:Debounce", "-00:00:01"), new("Staff:SignInAttemptsPerWindow", "0")]);

        Assert.Equal(1, await app.WaitForExitAsync());

        Assert.Contains("StatusHub cannot start: Export:Debounce must be a time span between 00:00:00.001 and 00:10:00, such as 00:00:02.", app.Lines);
        Assert.Contains("StatusHub cannot start: Staff:SignInAttemptsPerWindow must be a number of attempts from 1 up, e.g. 60.", app.Lines);
    }

    [Fact]
    public async Task AnAddressAnotherProgramListensOnStopsTheStartWithThatSaid()
    {
        using var data = new TempFolder();
        using var other = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        other.Start();
        using var app = StatusHubProcess.Start(data.Path, [], port: ((System.Net.IPEndPoint)other.LocalEndpoint).Port);

        Assert.Equal(1, await app.WaitForExitAsync());

        var refusal = Assert.Single(app.Lines, line => line.StartsWith("StatusHub cannot start: ", StringComparison.Ordinal));
        Assert.Contains("address already in use. Another program (or another StatusHub) listens there", refusal);
    }

    [Fact]
    public async Task ADataFolderThatCannotBeMadeIsNamedAsTheSetting()
    {
        using var data = new TempFolder();
        var file = data.File("a-file");
        await File.WriteAllTextAsync(file, "not a folder", TestContext.Current.CancellationToken);
        using var app = StatusHubProcess.Start(Path.Combine(file, "data"), []);

        Assert.Equal(1, await app.WaitForExitAsync());

        Assert.Contains(app.Lines, line => line.StartsWith($"StatusHub cannot start: Storage:DataDirectory: {Path.Combine(file, "data")} cannot be created", StringComparison.Ordinal));
    }
}
