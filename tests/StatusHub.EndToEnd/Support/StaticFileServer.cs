using System.Diagnostics;
using System.Text.RegularExpressions;

namespace StatusHub.EndToEnd.Support;

/// <summary>
/// Python's http.server in its own process serving a folder: a static host with no StatusHub code in it, as a bucket
/// or a CDN would be. It picks a free port itself and says which on its first line.
/// </summary>
public sealed partial class StaticFileServer : IDisposable
{
    private readonly Process _process;

    private StaticFileServer(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<StaticFileServer> StartAsync(string folder)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("This test serves the export with python3 -m http.server: install python3.", ex);
        }

        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? "";
        var port = ServingOn().Match(line);
        if (!port.Success)
        {
            process.Kill();
            throw new InvalidOperationException($"python3 -m http.server said '{line}' instead of its port.");
        }

        return new StaticFileServer(process, new Uri($"http://127.0.0.1:{port.Groups["port"].Value}/"));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"port (?<port>\d+)")]
    private static partial Regex ServingOn();
}
