using System.Net;

namespace StatusHub.Tests.Backups;

/// <summary>As an operator types them beside the running app: <c>backup</c> is run by the app, <c>restore</c> is refused until it stops.</summary>
public sealed class OnlineBackupTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly TempFolder _operator = new();
    private readonly TempFolder _restored = new();

    public void Dispose()
    {
        _data.Dispose();
        _operator.Dispose();
        _restored.Dispose();
    }

    [Fact]
    public async Task ABackupTypedBesideTheRunningAppIsWrittenByItAndRestoresOnceTheAppIsStopped()
    {
        using (var app = StatusHubProcess.Start(_data.Path, []))
        {
            await app.WaitUntilServingAsync();
            var (created, _, createError) = await StatusHubProcess.RunCommandAsync(_data.Path, "apikey", "create", "--name", "deploys", "--scope", "write");
            Assert.True(created == 0, createError);

            var (exit, output, error) = await StatusHubProcess.RunCommandInAsync(_operator.Path, _data.Path, "backup", "nightly.bak");
            var (restoreExit, _, restoreError) = await StatusHubProcess.RunCommandInAsync(_operator.Path, _data.Path, "restore", "nightly.bak");

            Assert.True(exit == 0, $"{exit}: {output} {error}");
            Assert.Contains($"Backed up the database to {Path.Combine(_operator.Path, "nightly.bak")}", output);
            Assert.Equal(2, restoreExit);
            Assert.Contains("restore runs only with the app stopped", restoreError);
            using var http = new HttpClient { BaseAddress = app.BaseAddress };
            using var page = await http.GetAsync("/", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.False(app.HasExited);
        }

        var (restored, restoredOutput, restoredError) = await StatusHubProcess.RunCommandInAsync(_operator.Path, _restored.Path, "restore", "nightly.bak");
        var (listed, keys, _) = await StatusHubProcess.RunCommandAsync(_restored.Path, "apikey", "list");

        Assert.True(restored == 0, $"{restored}: {restoredOutput} {restoredError}");
        Assert.Equal(0, listed);
        Assert.Contains("deploys", keys);
    }
}
