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

    [Fact]
    public void EachSourceFileIsNamedAfterATypeItHoldsOrIsAPluralBagOfSmallOnes()
    {
        var misnamed = SourceFiles("src")
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal))
            .Select(path => (Path: Relative(path), Name: TypeName(path), Types: TopLevelTypes(path)))
            .Where(file => file.Types.Count > 0 && !file.Types.Contains(file.Name) && !file.Name.EndsWith('s'))
            .Select(file => $"{file.Path} holds {string.Join(", ", file.Types)}")
            .ToList();

        Assert.True(misnamed.Count == 0, $"Files not named after a type they hold: {string.Join("; ", misnamed)}.");
    }

    [Fact]
    public void RegistrationAndEndpointFilesHoldOnlyTheirOwnType()
    {
        var crowded = SourceFiles("src")
            .Where(path => path.EndsWith("Extensions.cs", StringComparison.Ordinal) || path.EndsWith("Endpoints.cs", StringComparison.Ordinal))
            .Select(path => (Path: Relative(path), Others: TopLevelTypes(path).Where(type => type != TypeName(path)).ToList()))
            .Where(file => file.Others.Count > 0)
            .Select(file => $"{file.Path} also holds {string.Join(", ", file.Others)}")
            .ToList();

        Assert.True(crowded.Count == 0, $"Types hidden in registration or endpoint files (give each its own file): {string.Join("; ", crowded)}.");
    }

    [Theory]
    [InlineData("public sealed class FeedResources(IOptions<StatusPageOptions> options) : IPublicResourceSource", "FeedResources")]
    [InlineData("internal static class WidgetScript", "WidgetScript")]
    [InlineData("public sealed record ChannelHealth(", "ChannelHealth")]
    [InlineData("public readonly record struct SmsSegments(int Count)", "SmsSegments")]
    [InlineData("public interface IExportSource", "IExportSource")]
    [InlineData("public enum DeliveryState", "DeliveryState")]
    public void TheLayoutRulesSeeATopLevelType(string line, string type) => Assert.Equal(type, TopLevelType().Match(line).Groups["name"].Value);

    [Theory]
    [InlineData("    private sealed record Pending(DateTime Published, Func<FeedEntry> Render);")]
    [InlineData("/// <summary>A class that holds the feed.</summary>")]
    public void TheLayoutRulesLeaveNestedTypesAndProseAlone(string line) => Assert.DoesNotMatch(TopLevelType(), line);

    /// <summary>The type a file is named after: <c>Foo.cs</c> and <c>Foo.Part.cs</c> (a partial's piece) both hold <c>Foo</c>.</summary>
    private static string TypeName(string path) => Path.GetFileName(path).Split('.')[0];

    /// <summary>The types declared at the file's top level (namespaces are file-scoped, so they start their line).</summary>
    private static List<string> TopLevelTypes(string path) =>
        TopLevelType().Matches(File.ReadAllText(path)).Select(match => match.Groups["name"].Value).ToList();

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

    [GeneratedRegex(@"^(?:(?:public|internal|sealed|static|abstract|partial|readonly|file)[ \t]+)*(?:class|record|record[ \t]+struct|interface|enum|struct)[ \t]+(?<name>[A-Z]\w*)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();

    /// <summary>A method that answers a request: it takes the <c>HttpContext</c> and returns a result or a task.</summary>
    [GeneratedRegex(@"\b(IResult|Task<IResult>|Task|ValueTask)\s+\w+\s*\([^)]*\bHttpContext\b")]
    private static partial Regex RequestHandler();

    /// <summary>A lambda handed to a Map call whose body is a block or goes on past its line: more than a one-line delegate.</summary>
    [GeneratedRegex(@"\.Map\w*\([^;]*?=>[ \t]*(\{|\r?\n)")]
    private static partial Regex MultiLineMapLambda();
}
