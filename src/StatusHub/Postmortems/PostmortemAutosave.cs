namespace StatusHub.Postmortems;

/// <summary>
/// When the post-mortem editor saves what is typed: a moment after typing pauses, and at least every
/// <see cref="AtMost"/> while someone keeps typing. It counts edits so a save that ran while more was typed
/// still leaves the rest unsaved. The clock is a <see cref="TimeProvider"/>, so tests move time instead of waiting.
/// </summary>
public sealed class PostmortemAutosave(TimeProvider time, Func<Task> save) : IDisposable
{
    /// <summary>Saved this long after the last keystroke…</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);

    /// <summary>…and at least this often while someone keeps typing.</summary>
    public static readonly TimeSpan AtMost = TimeSpan.FromSeconds(10);

    private int _edits;
    private int _savedEdits;
    private DateTime? _unsavedSince;
    private ITimer? _timer;

    public bool Unsaved => _edits != _savedEdits;

    /// <summary>Something was typed: <c>save</c> runs once typing pauses, or at the latest <see cref="AtMost"/> after the first unsaved keystroke.</summary>
    public void Typed()
    {
        Changed();
        var now = time.GetUtcNow().UtcDateTime;
        _unsavedSince ??= now;
        var wait = now - _unsavedSince.Value >= AtMost ? TimeSpan.Zero : Delay;
        _timer?.Dispose();
        _timer = time.CreateTimer(_ => _ = save(), null, wait, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Something changed that is saved at once by whoever changed it (a button, a restored copy).</summary>
    public void Changed() => _edits++;

    /// <summary>A save is starting: no timer needs to fire for it; the token says which edits it carries.</summary>
    public int Saving()
    {
        Cancel();
        return _edits;
    }

    /// <summary>The edits up to <paramref name="token"/> (from <see cref="Saving"/>) are on the server.</summary>
    public void Saved(int token)
    {
        _savedEdits = token;
        _unsavedSince = Unsaved ? _unsavedSince : null;
    }

    /// <summary>What is shown is what the server holds (a post-mortem loaded, or theirs loaded over mine).</summary>
    public void Loaded()
    {
        Cancel();
        _savedEdits = _edits;
        _unsavedSince = null;
    }

    public void Cancel()
    {
        _timer?.Dispose();
        _timer = null;
    }

    public void Dispose() => Cancel();
}
