using System.Text.RegularExpressions;

namespace StatusHub.Tests.Channels;

/// <summary>
/// Channels sit below the features: a feature builds its notice and hands the channel layer a neutral message, so nothing
/// under src/StatusHub/Channels names a feature's namespace, and the folder could become its own project without one.
/// </summary>
public sealed partial class ChannelsAreALeafTests
{
    [Fact]
    public void No_file_under_Channels_uses_a_feature_namespace()
    {
        var found = ChannelFiles()
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .Where(l => FeatureReference().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(RepositoryRoot.Path, l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, "Channels/ names a feature:\n" + string.Join('\n', found));
    }

    /// <summary>
    /// The root <c>_Imports.razor</c> brings every feature namespace into every page, so a page under Channels/ can use a feature's
    /// type without a <c>using</c>: look for the type names the feature folders declare (classes, records, interfaces, enums, structs
    /// and Razor components; not the private ones, which nothing outside can name), as whole words.
    /// </summary>
    [Fact]
    public void No_file_under_Channels_names_a_type_a_feature_declares()
    {
        var featureTypes = FeatureTypes();
        Assert.Contains("StatusComponent", featureTypes);
        Assert.Contains("ComponentService", featureTypes);
        Assert.Contains("ExportHealth", featureTypes);

        var found = ChannelFiles()
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .SelectMany(l => Word().Matches(Code(l.line)).Where(word => featureTypes.Contains(word.Value) && !SharedWords.Contains(word.Value))
                .Select(word => $"{Path.GetRelativePath(RepositoryRoot.Path, l.file)}:{l.number}: {word.Value} in {l.line.Trim()}"))
            .ToList();

        Assert.True(found.Count == 0, "Channels/ names a feature's type:\n" + string.Join('\n', found));
    }

    /// <summary>What a line says to the compiler: a comment's prose is left out, but its <c>cref</c>s are references.</summary>
    private static string Code(string line) =>
        line.TrimStart().StartsWith("//", StringComparison.Ordinal)
            ? string.Join(' ', Cref().Matches(line).Select(m => m.Groups["type"].Value))
            : line;

    private static HashSet<string> FeatureTypes()
    {
        var src = Path.Combine(RepositoryRoot.Path, "src", "StatusHub");
        var files = Features
            .Select(feature => Path.Combine(src, feature))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories))
            .ToList();
        var declared = files
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => TypeDeclaration().Matches(File.ReadAllText(f)))
            .Where(m => !m.Groups["modifiers"].Value.Split(' ', '\t').Any(modifier => modifier is "private" or "protected" or "file"))
            .Select(m => m.Groups["name"].Value);
        var components = files
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>();
        return [.. declared, .. components];
    }

    private static List<string> ChannelFiles()
    {
        var channels = Path.Combine(RepositoryRoot.Path, "src", "StatusHub", "Channels");
        var files = Directory.EnumerateFiles(channels, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        return files;
    }

    /// <summary>
    /// Words Channels/ uses in its own sense that a feature also declares as a type: <c>NotificationEvent.CustomerLetter</c> is the
    /// event's name (an enum member), not the post-mortems' <c>CustomerLetter</c> type.
    /// </summary>
    private static readonly HashSet<string> SharedWords = ["CustomerLetter"];

    /// <summary>
    /// The feature folders. Staff/ is not one here: it is the sign-in shell every staff page stands on (the staff policy's name),
    /// like Components/ and Storage/.
    /// </summary>
    private static readonly string[] Features =
        ["Incidents", "Maintenance", "Postmortems", "StatusComponents", "Subscribers", "StatusPage", "StaticExport", "Feeds", "PublicApi", "ManageApi"];

    [GeneratedRegex(@"^[ \t]*(?<modifiers>(?:(?:public|internal|private|protected|sealed|static|abstract|partial|readonly|file)[ \t]+)*)(?:class|record|record[ \t]+struct|interface|enum|struct)[ \t]+(?<name>[A-Z]\w*)", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\b[A-Z]\w*")]
    private static partial Regex Word();

    [GeneratedRegex(@"cref=""(?<type>[^""]*)""")]
    private static partial Regex Cref();

    [Theory]
    [InlineData("using StatusHub.Incidents;")]
    [InlineData("@using StatusHub.StatusPage.Pages")]
    [InlineData("using static StatusHub.Subscribers.Subscriber;")]
    [InlineData("    public NotificationContent ContentFor(Postmortems.PublishedPostmortem postmortem) =>")]
    [InlineData("        var key = StatusHub.Subscribers.Subscriber.KeyFor(channel, target);")]
    public void The_guard_sees_a_using_and_a_qualified_name(string line) => Assert.Matches(FeatureReference(), line);

    [Theory]
    [InlineData("using StatusHub.Channels.Outbox;")]
    [InlineData("        NotificationEvent.MaintenanceScheduled => true,")]
    [InlineData("        var maintenance = options.Maintenance.Window;")]
    public void The_guard_leaves_neutral_lines_alone(string line) => Assert.DoesNotMatch(FeatureReference(), line);

    [GeneratedRegex(@"(?<![\w.])(StatusHub\.(Incidents|Maintenance|Postmortems|StatusComponents|Subscribers|StatusPage|StaticExport|Feeds|PublicApi|ManageApi)\b|(Incidents|Maintenance|Postmortems|StatusComponents|Subscribers|StatusPage|StaticExport|Feeds|PublicApi|ManageApi)\.[A-Z])")]
    private static partial Regex FeatureReference();
}
