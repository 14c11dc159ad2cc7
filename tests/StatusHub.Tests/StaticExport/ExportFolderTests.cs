using StatusHub.StaticExport;

namespace StatusHub.Tests.StaticExport;

public sealed class ExportFolderTests : IDisposable
{
    private readonly TempFolder _root = new();

    private string Site => _root.File("site");

    [Fact]
    public async Task AReaderNeverFindsTheLinkedFolderMissingOrHalfWritten()
    {
        var folder = new ExportFolder(Site, _root.File("data"));
        Publish(folder, 0, linked: true);
        using var stop = new CancellationTokenSource();
        var seen = new List<string>();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // What a static server does per request: open the path, read it whole.
                seen.Add(File.ReadAllText(Path.Combine(Site, "index.html")));
            }
        }, TestContext.Current.CancellationToken);

        for (var copy = 1; copy <= 40; copy++)
        {
            Publish(folder, copy, linked: true);
        }

        await stop.CancelAsync();
        await reader;
        Assert.All(seen, page => Assert.Matches("^<html>copy \\d+ " + new string('x', 100_000) + "</html>$", page));
        Assert.Contains("<html>copy 40 ", File.ReadAllText(Path.Combine(Site, "index.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void TurnsAPlainEarlierExportIntoTheLinkedLayout()
    {
        var folder = new ExportFolder(Site, _root.File("data"));
        Publish(folder, 1, linked: false);
        Assert.Null(new DirectoryInfo(Site).LinkTarget);

        Publish(folder, 2, linked: true);

        Assert.NotNull(new DirectoryInfo(Site).LinkTarget);
        Assert.StartsWith("<html>copy 2 ", File.ReadAllText(Path.Combine(Site, "index.html")), StringComparison.Ordinal);
        Assert.Equal(folder.Current(), Path.Combine(_root.Path, new DirectoryInfo(Site).LinkTarget!));
    }

    [Fact]
    public void ReplacesAFolderOnlyWhenItIsEmptyOrAnEarlierExport()
    {
        Directory.CreateDirectory(Site);
        var folder = new ExportFolder(Site, _root.File("data"));
        Assert.Null(folder.Refusal());

        File.WriteAllText(Path.Combine(Site, "thesis.tex"), "years of work");

        Assert.Contains("is neither empty nor an earlier StatusHub export", folder.Refusal());
        Assert.Throws<ExportRefusedException>(folder.CreateStaging);
        Assert.Equal("years of work", File.ReadAllText(Path.Combine(Site, "thesis.tex")));
    }

    public void Dispose() => _root.Dispose();

    private static void Publish(ExportFolder folder, int copy, bool linked)
    {
        var staging = folder.CreateStaging();
        File.WriteAllText(Path.Combine(staging, "index.html"), $"<html>copy {copy} {new string('x', 100_000)}</html>");
        File.WriteAllText(Path.Combine(staging, ExportFolder.MarkerFile), "");
        folder.Publish(staging, linked);
        folder.RemoveOldCopies();
    }
}
