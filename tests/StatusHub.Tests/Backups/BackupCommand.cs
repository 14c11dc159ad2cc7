namespace StatusHub.Tests.Backups;

/// <summary>An operator command run in this process on an app's services, as the command line (or the control socket) runs it.</summary>
public static class BackupCommand
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(IServiceProvider services, params string[] command)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.ExecuteAsync(services, command, new Terminal(new StringReader(""), output, error, IsInteractive: false, User: "ops"));
        return (exit, output.ToString(), error.ToString());
    }
}
