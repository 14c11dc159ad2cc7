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
        var channels = Path.Combine(RepositoryRoot.Path, "src", "StatusHub", "Channels");
        var files = Directory.EnumerateFiles(channels, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);

        var found = files
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .Where(l => FeatureReference().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(RepositoryRoot.Path, l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, "Channels/ names a feature:\n" + string.Join('\n', found));
    }

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

    [GeneratedRegex(@"(?<![\w.])(StatusHub\.(Incidents|Maintenance|Postmortems|StatusComponents|Subscribers|StatusPage)\b|(Incidents|Maintenance|Postmortems|StatusComponents|Subscribers|StatusPage)\.[A-Z])")]
    private static partial Regex FeatureReference();
}
