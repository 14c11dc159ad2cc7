using System.Threading.Channels;

namespace StatusHub.Channels.Outbox;

/// <summary>
/// Outcomes of finished sends waiting to be written back together: the group is due once <c>size</c> wait or
/// <c>wait</c> has passed since the first of them (on the injected clock), whichever comes first.
/// </summary>
internal sealed class OutcomeGroup(int size, TimeSpan wait, TimeProvider time) : IDisposable
{
    private readonly List<DeliveryOutcome> _outcomes = new(size);
    private CancellationTokenSource? _deadline;

    public int Count => _outcomes.Count;

    public bool Due => _outcomes.Count >= size || _deadline is { IsCancellationRequested: true };

    public void Add(DeliveryOutcome outcome)
    {
        _outcomes.Add(outcome);
        _deadline ??= new CancellationTokenSource(wait, time);
    }

    /// <summary>Empties the group; its clock starts again with the next outcome.</summary>
    public IReadOnlyList<DeliveryOutcome> Take()
    {
        DeliveryOutcome[] taken = [.. _outcomes];
        _outcomes.Clear();
        _deadline?.Dispose();
        _deadline = null;
        return taken;
    }

    /// <summary>The next item of <paramref name="reader"/>; null when the group fell due first.</summary>
    public async ValueTask<T?> NextAsync<T>(ChannelReader<T> reader) where T : class
    {
        if (reader.TryRead(out var ready))
        {
            return ready;
        }

        if (_deadline is null)
        {
            return await reader.ReadAsync();
        }

        try
        {
            return await reader.ReadAsync(_deadline.Token);
        }
        catch (OperationCanceledException) when (_deadline.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => _deadline?.Dispose();
}
