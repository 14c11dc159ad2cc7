using Microsoft.Extensions.Logging.Abstractions;
using StatusHub.Postmortems;

namespace StatusHub.Tests.Postmortems;

public class PostmortemSkeletonsTests
{
    [Fact]
    public void ShipsAFullAndAShortSkeletonWithADescriptionEach()
    {
        var skeletons = PostmortemApp.Skeletons.All();

        Assert.Equal(["full", "short"], skeletons.Select(s => s.Name));
        Assert.All(skeletons, s => Assert.False(string.IsNullOrWhiteSpace(s.Description)));
        Assert.All(skeletons, s => Assert.DoesNotContain("<!--", s.Body));
    }

    [Fact]
    public void TheFullSkeletonHasEverySectionTheIssueAsksFor()
    {
        var full = PostmortemApp.Skeletons.Find("full")!;

        foreach (var heading in new[]
        {
            "## In short", "## What happened", "## Impact", "## Timeline", "## Root cause and trigger", "## Detection", "## Resolution",
            "## What went well", "## What went badly", "## Where we got lucky", "## What we are changing", "## Was any data lost?",
            "## Questions and answers", "## We are sorry",
        })
        {
            Assert.Contains(heading + "\n", full.Body + "\n");
        }

        Assert.Empty(PostmortemDocument.Missing(PostmortemDocument.Split(full.Body)));
    }

    [Fact]
    public void TheShortSkeletonPlacesEveryComputedSection()
    {
        var parts = PostmortemDocument.Split(PostmortemApp.Skeletons.Find("short")!.Body);

        Assert.Empty(PostmortemDocument.Missing(parts));
    }

    [Fact]
    public void OffersWhatAnOperatorAddsToTheFolderAtOnce()
    {
        using var folder = new TempFolder();
        var skeletons = new PostmortemSkeletons(folder.Path, NullLogger<PostmortemSkeletons>.Instance);
        File.WriteAllText(Path.Combine(folder.Path, "security.md"), "<!-- For security incidents:\n  who was exposed. -->\n## In short\n\n{{ short_story }}\n");

        var skeleton = Assert.Single(skeletons.All());

        Assert.Equal(("security", "For security incidents: who was exposed."), (skeleton.Name, skeleton.Description));
        Assert.Equal("## In short\n\n{{ short_story }}", skeleton.Body);
    }

    [Fact]
    public void FallsBackToTheBuiltInSkeletonsWhenTheFolderIsGoneOrOnlyHoldsOversizedFiles()
    {
        using var folder = new TempFolder();
        var logs = new ListLogger<PostmortemSkeletons>();
        File.WriteAllText(Path.Combine(folder.Path, "huge.md"), new string('x', PostmortemSkeletons.MaxFileBytes + 1));

        var withHuge = new PostmortemSkeletons(folder.Path, logs).All();
        var withoutFolder = new PostmortemSkeletons(Path.Combine(folder.Path, "missing"), NullLogger<PostmortemSkeletons>.Instance).All();

        Assert.Equal(["full", "short"], withHuge.Select(s => s.Name));
        Assert.Equal(["full", "short"], withoutFolder.Select(s => s.Name));
        Assert.Contains(logs.Entries, e => e.Message.Contains("huge.md", StringComparison.Ordinal));
    }
}
