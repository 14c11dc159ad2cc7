using System.Globalization;
using Microsoft.Extensions.Options;
using StatusHub.Storage;

namespace StatusHub.StaticExport;

/// <summary><c>export &lt;folder&gt;</c>: writes the public site as static files, for any static host to serve with StatusHub stopped.</summary>
public static class ExportCommand
{
    public const int Refused = 2;

    private const string Usage = """
        Usage:
          export <folder>    write the public site as static files into <folder>: a new or empty folder, or an earlier export (replaced)
        Add --Storage:DataDirectory <folder> to read another data folder than the app's default.
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, Terminal terminal)
    {
        if (args is not [var target] || target.StartsWith("--", StringComparison.Ordinal))
        {
            terminal.Error.WriteLine(Usage);
            return Refused;
        }

        var time = services.GetRequiredService<TimeProvider>();
        var started = time.GetTimestamp();
        var folder = ExportFolder.For(terminal.FullPath(target), services.GetRequiredService<IHostEnvironment>(), services.GetRequiredService<IOptions<StorageOptions>>().Value);
        // Judged before the database is opened: a refused export touches nothing.
        if (folder.Refusal() is { } refusal)
        {
            terminal.Error.WriteLine($"Nothing was exported: {refusal}");
            return Refused;
        }

        try
        {
            var result = await services.GetRequiredService<StaticExporter>().ExportAsync(folder);
            terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Exported {result.Files:N0} files ({result.Bytes / 1024.0 / 1024.0:0.0} MB) to {folder.Path} in {time.GetElapsedTime(started).TotalSeconds:0.0} s; snapshot generated {result.GeneratedAt:yyyy-MM-dd HH:mm} UTC."));
            if (result.UnresolvedLinks.Count > 0)
            {
                terminal.Out.WriteLine($"Links left pointing at the live site (the copy has no such page): {string.Join(", ", result.UnresolvedLinks)}");
            }

            folder.RemoveOldCopies();
            return 0;
        }
        catch (ExportRefusedException ex)
        {
            terminal.Error.WriteLine($"Nothing was exported: {ex.Message}");
            return Refused;
        }
        catch (Exception ex) when (ex is MigrationFailedException or DataFolderInUseException)
        {
            terminal.Error.WriteLine($"Cannot open the database: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LiteDB.LiteException)
        {
            terminal.Error.WriteLine($"The export failed: {ex.Message}");
            return 1;
        }
    }
}
