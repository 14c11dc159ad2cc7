using System.Net;
using System.Net.Http.Headers;

namespace StatusHub.Tests;

/// <summary>
/// Operator commands typed beside the running app (as the README and scripts do): the app runs them, so its database
/// is never opened by a second process, and what they create works in the running app at once.
/// </summary>
public sealed class ControlSocketTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task ACommandBesideTheRunningAppIsRunByTheAppAndTakesEffectThere()
    {
        using var app = StatusHubProcess.Start(_data.Path, []);
        await app.WaitUntilServingAsync();

        var (keyExit, keyOutput, keyError) = await StatusHubProcess.RunCommandAsync(_data.Path, "apikey", "create", "--name", "deploys", "--scope", "write");
        var (adminExit, adminOutput, adminError) = await StatusHubProcess.RunCommandWithInputAsync(_data.Path, "another long passphrase\n", "admin", "create", "--email", "ops@example.com", "--role", "admin");
        var (listExit, listOutput, _) = await StatusHubProcess.RunCommandAsync(_data.Path, "admin", "list");
        var (badExit, _, badError) = await StatusHubProcess.RunCommandAsync(_data.Path, "apikey", "create", "--name", "x", "--scope", "everything");

        Assert.True(keyExit == 0, $"{keyExit}: {keyOutput} {keyError}");
        Assert.True(adminExit == 0, adminError);
        Assert.Equal("Created admin ops@example.com.", adminOutput.Trim());
        Assert.Equal(0, listExit);
        Assert.StartsWith("ops@example.com\tadmin\tactive", listOutput.Trim());
        Assert.Equal(2, badExit);
        Assert.Contains("scope", badError, StringComparison.OrdinalIgnoreCase);

        // The key printed as the last line works against the running app, which never restarted.
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var key = keyOutput.Trim().Split('\n')[^1].Trim();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/manage/v1/components")
        {
            Content = new StringContent("""{"component":{"name":"API","status":"operational"}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var created = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False(app.HasExited);
    }

    [Fact]
    public async Task AnAdminCommandMissingItsOptionsBesideTheRunningAppAnswersWithItsUsageWithoutAskingForAPassword()
    {
        using var app = StatusHubProcess.Start(_data.Path, []);
        await app.WaitUntilServingAsync();

        var (exit, _, error) = await StatusHubProcess.RunCommandAsync(_data.Path, "admin", "create", "--help");

        Assert.Equal(2, exit);
        Assert.DoesNotContain("No password given", error);
        Assert.Contains("Missing --email.", error);
        Assert.Contains("admin create --email <address> --role admin|editor", error);
    }

    [Fact]
    public async Task AnExportTypedBesideTheRunningAppLandsWhereTheOperatorMeant()
    {
        using var app = StatusHubProcess.Start(_data.Path, []);
        await app.WaitUntilServingAsync();
        using var operatorFolder = new TempFolder();

        var (exit, output, error) = await StatusHubProcess.RunCommandInAsync(operatorFolder.Path, _data.Path, "export", "site");

        Assert.True(exit == 0, $"{exit}: {output} {error}");
        Assert.Contains($"to {Path.Combine(operatorFolder.Path, "site")}", output);
        Assert.True(File.Exists(Path.Combine(operatorFolder.Path, "site", "index.html")));
        Assert.False(Directory.Exists(Path.Combine(RepositoryRoot.Path, "site")));
    }

    [Fact]
    public async Task ASecondAppOnTheSameDataFolderRefusesToStartAndTheFirstKeepsServing()
    {
        using var first = StatusHubProcess.Start(_data.Path, []);
        await first.WaitUntilServingAsync();

        using var second = StatusHubProcess.Start(_data.Path, []);
        var exit = await second.WaitForExitAsync();

        Assert.Equal(1, exit);
        Assert.Contains("Another StatusHub process is using the data folder", second.Output);
        using var http = new HttpClient { BaseAddress = first.BaseAddress };
        using var page = await http.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task ACommandOnAStoppedAppsFolderRunsByItselfAndLeavesTheFolderFree()
    {
        var (exit, output, error) = await StatusHubProcess.RunCommandAsync(_data.Path, "apikey", "create", "--name", "offline", "--scope", "read");

        Assert.True(exit == 0, error);
        Assert.Contains("Created read key 'offline'", output);
        Assert.False(StatusHub.Storage.DataFolderLock.IsTaken(_data.Path));
        Assert.False(File.Exists(Path.Combine(_data.Path, ControlSocket.FileName)));
    }
}
