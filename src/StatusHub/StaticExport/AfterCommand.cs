using System.Diagnostics;

namespace StatusHub.StaticExport;

/// <summary>Runs an after-command (<see cref="ExportOptions.AfterCommand"/>, <c>Storage:BackupAfterCommand</c>) through the shell for one copy.</summary>
public static class AfterCommand
{
    private const int KeptOutputLines = 10;

    /// <returns>Null when it exited 0; otherwise what went wrong, with the end of its output.</returns>
    public static Task<string?> RunAsync(string command, string folder, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        RunAsync(command, new Dictionary<string, string> { ["dir"] = folder }, timeout, time, cancellationToken);

    /// <param name="paths">What each <c>{name}</c> in <paramref name="command"/> stands for, quoted as one shell word.</param>
    /// <returns>Null when it exited 0; otherwise what went wrong, with the end of its output.</returns>
    public static async Task<string?> RunAsync(string command, IReadOnlyDictionary<string, string> paths, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(paths.Aggregate(command, (text, path) => text.Replace($"{{{path.Key}}}", Quote(path.Value), StringComparison.Ordinal)));
        var output = new Queue<string>();
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.Enqueue(line);
                while (output.Count > KeptOutputLines)
                {
                    output.Dequeue();
                }
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"could not start /bin/sh: {ex.Message}";
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout, time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await process.WaitForExitAsync(waiting.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited just now.
            }

            cancellationToken.ThrowIfCancellationRequested();
            return $"timed out after {timeout} and was stopped{Tail(output)}";
        }

        return process.ExitCode == 0 ? null : $"exit code {process.ExitCode}{Tail(output)}";
    }

    /// <summary>One shell word, whatever the path holds.</summary>
    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Tail(Queue<string> output)
    {
        lock (output)
        {
            return output.Count == 0 ? "" : ": " + string.Join(" | ", output);
        }
    }
}
