namespace StatusHub.Storage;

/// <summary>
/// How a background loop that writes lives with read-only mode: while writes are refused it skips its rounds, and says so
/// once when the pause begins and once when it ends, instead of failing (and logging an error) every round. A round that
/// read-only mode caught half-way is not an error either: <see cref="Explains"/> tells the loop's catch so.
/// </summary>
public sealed class ReadOnlyPause(ReadOnlyMode mode, ILogger logger, string loop)
{
    private bool _paused;

    /// <summary>Whether this round is to be skipped because the store is read-only.</summary>
    public bool Skip()
    {
        var state = mode.Current;
        if (state is not null && !_paused)
        {
            logger.LogInformation("{Loop} is paused while the store is read-only: {Sentence}", loop, state.Sentence);
        }
        else if (state is null && _paused)
        {
            logger.LogInformation("{Loop} goes on: the store takes writes again", loop);
        }

        _paused = state is not null;
        return _paused;
    }

    /// <summary>Whether a round failed only because read-only mode began during it; the next <see cref="Skip"/> reports the pause.</summary>
    public static bool Explains(Exception exception) => exception is ReadOnlyException;
}
