using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace StatusHub.Tests.Operations;

/// <summary>
/// There is no Docker engine on the build machines, so the image is checked from its parts: the app is published the
/// way the Dockerfile's build stage does, every path the Dockerfile copies and starts exists, the published app serves and
/// its own health check (the image's HEALTHCHECK) says so, and the systemd unit starts the same program.
/// </summary>
public sealed partial class DeploymentTests
{
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Dockerfile"));
    private static readonly string Unit = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "deploy", "statushub.service"));

    [Fact]
    public void CopiesOnlyWhatTheRepositoryHasAndTheContextKeeps()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".dockerignore"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Trim().TrimEnd('/')).ToList();
        var copies = CopyLine().Matches(Dockerfile).Select(m => m.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        Assert.NotEmpty(copies);
        Assert.All(copies.SelectMany(args => args[..^1]), source =>
        {
            var path = Path.Combine(RepositoryRoot.Path, source.TrimEnd('/'));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"The Dockerfile copies {source}, which the repository does not have.");
            Assert.DoesNotContain(source.TrimEnd('/'), ignored);
            Assert.DoesNotContain(source.Split('/')[0], ignored);
        });
    }

    [Fact]
    public async Task PublishesAnAppThatServesAndPassesItsOwnHealthCheck()
    {
        using var published = new TempFolder();
        using var data = new TempFolder();
        var publish = PublishLine().Match(Dockerfile);
        Assert.True(publish.Success, "The Dockerfile has no `RUN dotnet publish … --output /app` line.");

        var (exit, output) = await DotnetAsync(RepositoryRoot.Path, [.. publish.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--output", published.Path]);
        Assert.True(exit == 0, output);

        // /app in the image is the publish output: everything the runtime stage starts and serves is there.
        var entryPoint = ExecForm(Directive("ENTRYPOINT"));
        var healthCheck = ExecForm(Regex.Match(Dockerfile, @"^HEALTHCHECK .*CMD (?<cmd>\[.*\])\s*$", RegexOptions.Multiline).Groups["cmd"].Value);
        Assert.Equal(["dotnet", "/app/StatusHub.dll"], entryPoint);
        Assert.Equal([.. entryPoint, "healthcheck"], healthCheck);
        foreach (var path in (string[])["StatusHub.dll", "appsettings.json", "templates", "wwwroot"])
        {
            Assert.True(File.Exists(Path.Combine(published.Path, path)) || Directory.Exists(Path.Combine(published.Path, path)), $"The published app has no {path}.");
        }

        Uri healthz;
        using (var app = StatusHubProcess.Start(data.Path, [], appFolder: published.Path))
        {
            await app.WaitUntilServingAsync();
            healthz = new Uri(app.BaseAddress, "/healthz");
            var (alive, said) = await DotnetAsync(published.Path, [Path.Combine(published.Path, "StatusHub.dll"), "healthcheck", "--url", healthz.ToString()]);
            Assert.True(alive == 0, said);
        }

        var (gone, _) = await DotnetAsync(published.Path, [Path.Combine(published.Path, "StatusHub.dll"), "healthcheck", "--url", healthz.ToString()]);
        Assert.Equal(1, gone);
    }

    [Fact]
    public void TheSystemdUnitStartsTheSameProgramHardenedAndWaitsLongerThanTheAppTakesToStop()
    {
        var execStart = Setting("ExecStart").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var workingDirectory = Setting("WorkingDirectory");
        var dataDirectory = Regex.Match(Unit, @"^Environment=Storage__DataDirectory=(?<dir>\S+)$", RegexOptions.Multiline).Groups["dir"].Value;

        Assert.EndsWith("/dotnet", execStart[0], StringComparison.Ordinal);
        Assert.Equal(Path.GetFileName(ExecForm(Directive("ENTRYPOINT"))[1]), Path.GetFileName(execStart[1]));
        Assert.Equal(workingDirectory, Path.GetDirectoryName(execStart[1]));
        Assert.NotEmpty(dataDirectory);
        Assert.Contains(dataDirectory, Setting("ReadWritePaths").Split(' '));
        Assert.Equal("strict", Setting("ProtectSystem"));
        Assert.Equal("true", Setting("NoNewPrivileges"));
        Assert.Equal("true", Setting("PrivateTmp"));
        Assert.Contains("AF_UNIX", Setting("RestrictAddressFamilies").Split(' '));
        Assert.Equal("SIGTERM", Setting("KillSignal"));
        Assert.NotEqual("root", Setting("User"));

        using var data = new TempFolder();
        using var built = AppServices.Build(new Dictionary<string, string?> { ["Storage:DataDirectory"] = data.Path });
        var appStopsWithin = built.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        Assert.True(TimeSpan.FromSeconds(int.Parse(Setting("TimeoutStopSec"), System.Globalization.CultureInfo.InvariantCulture)) > appStopsWithin,
            $"TimeoutStopSec must be above the app's shutdown timeout ({appStopsWithin}), or systemd kills it mid-send.");
    }

    private static string Directive(string name) =>
        Regex.Match(Dockerfile, $@"^{name} (?<value>.*)$", RegexOptions.Multiline).Groups["value"].Value.Trim();

    private static string[] ExecForm(string json) => System.Text.Json.JsonSerializer.Deserialize<string[]>(json) ?? [];

    private static string Setting(string key) =>
        Regex.Match(Unit, $@"^{key}=(?<value>.*)$", RegexOptions.Multiline) is { Success: true } match
            ? match.Groups["value"].Value.Trim()
            : throw new Xunit.Sdk.XunitException($"deploy/statushub.service has no {key}=.");

    private static async Task<(int Exit, string Output)> DotnetAsync(string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex(@"^COPY (?!--from)(?<args>.*)$", RegexOptions.Multiline)]
    private static partial Regex CopyLine();

    [GeneratedRegex(@"^RUN dotnet (?<args>publish .*?) --output /app\s*$", RegexOptions.Multiline)]
    private static partial Regex PublishLine();
}
