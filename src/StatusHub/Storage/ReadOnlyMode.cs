using StatusHub.Audit;

namespace StatusHub.Storage;

/// <summary>The admin's read-only switch as stored, so it holds across restarts.</summary>
public sealed record ReadOnlySwitch : IVersioned
{
    public const string Key = "store";

    public string Id { get; init; } = Key;
    public int Version { get; init; }
    public bool On { get; init; }
    public DateTime Since { get; init; }
    public string By { get; init; } = "";
    public string Reason { get; init; } = "";
}

/// <summary>
/// Read-only mode, for restores and store rebuilds: public pages, API reads, feeds and the export keep serving the
/// snapshot and the outbox delivers what was queued, while the store refuses every other write
/// (<see cref="LiteStore.Write{TResult}"/> throws <see cref="ReadOnlyException"/>). An admin switches it on and off
/// (audited, with a reason); <c>--read-only</c> (<c>Storage:ReadOnly</c>) forces it on for the life of the process.
/// </summary>
public sealed class ReadOnlyMode(LiteStore store, TimeProvider time)
{
    public const int MaxReasonLength = 200;

    public ReadOnlyState? Current => store.ReadOnly;

    /// <summary>Puts the store in the mode it was left in, or forced by the start flag; runs before anything else can write.</summary>
    public static void Restore(LiteStore store, StorageOptions options, DateTime now)
    {
        var saved = store.Collection<ReadOnlySwitch>().FindById(ReadOnlySwitch.Key);
        store.SetReadOnly(options.ReadOnly
            ? new ReadOnlyState(now, "--read-only", "Storage:ReadOnly is set", ByStartFlag: true)
            : saved is { On: true } ? new ReadOnlyState(saved.Since, saved.By, saved.Reason, ByStartFlag: false) : null);
    }

    /// <summary>Switches read-only on; <paramref name="reason"/> (required, one line) is shown in every refusal.</summary>
    public ReadOnlyState SwitchOn(string actor, string reason)
    {
        var why = Validate.RequiredText(reason, "The reason", MaxReasonLength);
        return Switch(actor, new ReadOnlyState(time.GetUtcNow().UtcDateTime, actor, why, ByStartFlag: false))!;
    }

    /// <summary>Switches read-only off; refused while the start flag forces it on.</summary>
    public void SwitchOff(string actor)
    {
        if (store.ReadOnly is { ByStartFlag: true } forced)
        {
            throw new ReadOnlyException(forced);
        }

        Switch(actor, null);
    }

    private ReadOnlyState? Switch(string actor, ReadOnlyState? state) => store.Write(
        scope =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            var switches = scope.Collection<ReadOnlySwitch>();
            switches.Upsert(new ReadOnlySwitch
            {
                On = state is not null,
                Since = now,
                By = actor,
                Reason = state?.Reason ?? "",
                Version = (switches.FindById(ReadOnlySwitch.Key)?.Version ?? 0) + 1,
            });
            scope.Audit(now, actor, state is null ? "store.read-only-off" : "store.read-only-on", "store", state?.Reason ?? "");
            // Inside the write lock: the next write already sees the new mode.
            store.SetReadOnly(state);
            return state;
        },
        allowedWhileReadOnly: SystemWrite.ReadOnlySwitch);
}
