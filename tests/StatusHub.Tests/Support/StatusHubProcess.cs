using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StatusHub.Tests.Support;

/// <summary>
/// The built app (src/StatusHub/bin/{configuration}/…/StatusHub.dll) run by <c>dotnet</c> as a child process on a
/// free loopback port, so a test can kill it the way an operating system does.
/// </summary>
public sealed class StatusHubProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private StatusHubProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string AppPath { get; } = FindApp();

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines it wrote, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <param name="settings">Configuration as <c>--Section:Key value</c> pairs.</param>
    public static StatusHubProcess Start(string dataDirectory, IEnumerable<KeyValuePair<string, string>> settings)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AppPath);
        var arguments = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{FreePort()}",
            ["Storage:DataDirectory"] = dataDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            arguments[key] = value;
        }

        foreach (var (key, value) in arguments)
        {
            start.ArgumentList.Add("--" + key);
            start.ArgumentList.Add(value);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return new StatusHubProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {AppPath}."));
    }

    /// <summary>Runs an operator command (<c>export ./site</c>) in the built app and waits for it to exit.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunCommandAsync(string dataDirectory, params string[] command)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[AppPath, .. command, "--Storage:DataDirectory", dataDirectory, "--Logging:LogLevel:Default", "Warning"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {AppPath}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly what a crash or <c>kill -9</c> leaves behind.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 40)
            {
                _output.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The app built in the same configuration as these tests (bin/Debug/net10.0 ⇒ src/StatusHub/bin/Debug/net10.0).</summary>
    private static string FindApp()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var app = Path.Combine(RepositoryRoot.Path, "src", "StatusHub", "bin", configuration, framework, "StatusHub.dll");
        return File.Exists(app) ? app : throw new FileNotFoundException($"Build the app first: {app} is missing.", app);
    }
}
