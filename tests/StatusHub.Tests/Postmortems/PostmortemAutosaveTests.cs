using Microsoft.Extensions.Time.Testing;
using StatusHub.Postmortems;

namespace StatusHub.Tests.Postmortems;

public class PostmortemAutosaveTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly List<TimeSpan> _savedAfter = [];
    private readonly PostmortemAutosave _autosave;

    public PostmortemAutosaveTests()
    {
        var start = _time.GetUtcNow();
        _autosave = new PostmortemAutosave(_time, () =>
        {
            _savedAfter.Add(_time.GetUtcNow() - start);
            _autosave!.Saved(_autosave.Saving());
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void SavesAMomentAfterTypingPauses()
    {
        _autosave.Typed();
        _time.Advance(TimeSpan.FromSeconds(1));
        _autosave.Typed();
        _time.Advance(PostmortemAutosave.Delay - TimeSpan.FromMilliseconds(1));

        Assert.Empty(_savedAfter);
        Assert.True(_autosave.Unsaved);

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([TimeSpan.FromSeconds(1) + PostmortemAutosave.Delay], _savedAfter);
        Assert.False(_autosave.Unsaved);
    }

    [Fact]
    public void SavesAtLeastEveryTenSecondsWhileSomeoneKeepsTyping()
    {
        for (var second = 0; second <= 12; second++)
        {
            _autosave.Typed();
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([PostmortemAutosave.AtMost], _savedAfter);
        Assert.True(_autosave.Unsaved);
    }

    [Fact]
    public void WhatIsTypedWhileASaveRunsStaysUnsaved()
    {
        _autosave.Typed();
        var token = _autosave.Saving();
        _autosave.Typed();
        _autosave.Saved(token);

        Assert.True(_autosave.Unsaved);
        _time.Advance(PostmortemAutosave.Delay);
        Assert.Single(_savedAfter);
        Assert.False(_autosave.Unsaved);
    }

    [Fact]
    public void LoadingWhatTheServerHoldsDropsThePendingSave()
    {
        _autosave.Typed();
        _autosave.Loaded();
        _time.Advance(PostmortemAutosave.AtMost);

        Assert.Empty(_savedAfter);
        Assert.False(_autosave.Unsaved);
    }

    [Fact]
    public void AChangeSavedAtOnceStartsNoTimerButCountsAsUnsaved()
    {
        _autosave.Changed();
        _time.Advance(PostmortemAutosave.AtMost);

        Assert.Empty(_savedAfter);
        Assert.True(_autosave.Unsaved);
    }

    [Fact]
    public void DisposedItSavesNothingMore()
    {
        _autosave.Typed();
        _autosave.Dispose();
        _time.Advance(PostmortemAutosave.AtMost);

        Assert.Empty(_savedAfter);
    }
}
