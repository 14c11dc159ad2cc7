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
    private readonly List<string> _lines = [];

    private StatusHubProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string AppPath { get; } = FindApp();

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Where it listens (on 127.0.0.1).</summary>
    public Uri BaseAddress { get; }

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

    /// <summary>Every line it wrote (standard output and error), in order.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_output)
            {
                return [.. _lines];
            }
        }
    }

    /// <param name="settings">Configuration as <c>--Section:Key value</c> pairs.</param>
    /// <param name="environment">Variables set for it on top of this process's.</param>
    /// <param name="appFolder">A published folder to run StatusHub.dll from, as its working directory; the built app in the repository when null.</param>
    /// <param name="flags">Arguments on their own, before the settings (<c>--read-only</c>).</param>
    /// <param name="port">The loopback port to listen on, e.g. the same one again after a restart; a free one when null.</param>
    public static StatusHubProcess Start(string dataDirectory, IEnumerable<KeyValuePair<string, string>> settings,
        IReadOnlyDictionary<string, string>? environment = null, string? appFolder = null, IReadOnlyList<string>? flags = null, int? port = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = appFolder ?? RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(appFolder is null ? AppPath : Path.Combine(appFolder, "StatusHub.dll"));
        foreach (var flag in flags ?? [])
        {
            start.ArgumentList.Add(flag);
        }

        var baseAddress = new Uri($"http://127.0.0.1:{port ?? FreePort()}/");
        var arguments = new Dictionary<string, string>
        {
            ["urls"] = baseAddress.ToString().TrimEnd('/'),
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
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new StatusHubProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {AppPath}."), baseAddress);
    }

    /// <summary>Waits (bounded) until the app answers its front page.</summary>
    public async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"The app exited ({ExitCode}) before serving:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Refused, or listening but too busy to answer within the client's timeout (a loaded machine): not serving yet.
            }
            catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
            {
                // The first page renders on a busy machine in more than the client's 5 s: ask again, within the minute.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The app did not serve within a minute:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits (bounded) for it to exit by itself.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Runs an operator command (<c>export ./site</c>) in the built app and waits for it to exit.</summary>
    public static Task<(int Exit, string Output, string Error)> RunCommandAsync(string dataDirectory, params string[] command) =>
        RunCommandWithInputAsync(dataDirectory, null, command);

    /// <param name="input">Piped to its standard input (then closed); null leaves standard input closed at once.</param>
    public static Task<(int Exit, string Output, string Error)> RunCommandWithInputAsync(string dataDirectory, string? input, params string[] command) =>
        RunCommandAsync(dataDirectory, input, RepositoryRoot.Path, command);

    /// <summary>As typed in <paramref name="workingDirectory"/>: where relative paths in the command start.</summary>
    public static Task<(int Exit, string Output, string Error)> RunCommandInAsync(string workingDirectory, string dataDirectory, params string[] command) =>
        RunCommandAsync(dataDirectory, null, workingDirectory, command);

    private static async Task<(int Exit, string Output, string Error)> RunCommandAsync(string dataDirectory, string? input, string workingDirectory, string[] command)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[AppPath, .. command, "--Storage:DataDirectory", dataDirectory, "--Logging:LogLevel:Default", "Warning"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {AppPath}.");
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly what a crash or <c>kill -9</c> leaves behind.</summary>
    /// <summary>Asks it to stop as systemd or docker stop does: SIGTERM (<see cref="Kill"/> is SIGKILL).</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

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
            _lines.Add(line);
            _output.Enqueue(line);
            while (_output.Count > 40)
            {
                _output.Dequeue();
            }
        }
    }

    public static int FreePort()
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
