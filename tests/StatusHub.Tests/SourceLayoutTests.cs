using System.Text.RegularExpressions;

namespace StatusHub.Tests;

/// <summary>Rooms a newcomer can hold: the size and placement rules of README's layout section, checked on the tree itself.</summary>
public partial class SourceLayoutTests
{
    private const int MaxLines = 400;

    [Fact]
    public void NoSourceFileIsOver400LinesUnlessReadmesLayoutSectionSaysWhy()
    {
        var layout = LayoutSection();

        var tooLong = SourceFiles("src", "tests", "bench")
            .Select(path => (Path: Relative(path), Lines: File.ReadLines(path).Count()))
            .Where(file => file.Lines > MaxLines && !layout.Contains(System.IO.Path.GetFileName(file.Path), StringComparison.Ordinal))
            .Select(file => $"{file.Path} ({file.Lines} lines)")
            .ToList();

        Assert.True(tooLong.Count == 0, $"Over {MaxLines} lines, and README's layout section does not say why: {string.Join(", ", tooLong)}.");
    }

    [Fact]
    public void ExtensionsFilesRegisterAndMapWhileEndpointBodiesLiveInTheFeaturesEndpointsFiles()
    {
        var bodies = SourceFiles("src")
            .Where(path => path.EndsWith("Extensions.cs", StringComparison.Ordinal))
            .SelectMany(path =>
            {
                var code = File.ReadAllText(path);
                return RequestHandler().Matches(code).Concat(MultiLineMapLambda().Matches(code))
                    .Select(match => $"{Relative(path)}: {match.Value.Split('\n')[0].Trim()}");
            })
            .ToList();

        Assert.True(bodies.Count == 0, $"Endpoint bodies in registration files (move them to the folder's *Endpoints.cs): {string.Join("; ", bodies)}.");
    }

    private static IEnumerable<string> SourceFiles(params string[] roots) =>
        roots.SelectMany(root => Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, root), "*", SearchOption.AllDirectories))
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".razor", StringComparison.Ordinal))
            .Where(path => !Relative(path).Split('/').Any(part => part is "bin" or "obj"));

    private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/');

    private static string LayoutSection()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var start = readme.IndexOf("\n## Layout", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no \"## Layout\" section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }

    /// <summary>A method that answers a request: it takes the <c>HttpContext</c> and returns a result or a task.</summary>
    [GeneratedRegex(@"\b(IResult|Task<IResult>|Task|ValueTask)\s+\w+\s*\([^)]*\bHttpContext\b")]
    private static partial Regex RequestHandler();

    /// <summary>A lambda handed to a Map call whose body is a block or goes on past its line: more than a one-line delegate.</summary>
    [GeneratedRegex(@"\.Map\w*\([^;]*?=>[ \t]*(\{|\r?\n)")]
    private static partial Regex MultiLineMapLambda();
}
