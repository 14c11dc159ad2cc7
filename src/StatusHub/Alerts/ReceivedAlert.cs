using StatusHub.Storage;

namespace StatusHub.Alerts;

/// <summary>One alert as a receiver understood it, before any rule.</summary>
public sealed record IncomingAlert(
    string Fingerprint,
    bool Firing,
    string Name,
    string? Title,
    string? Summary,
    string? Description,
    IReadOnlyDictionary<string, string> Labels,
    DateTime? StartsAt);

/// <summary>An alert of a batch that could not be read (<see cref="Where"/>: "alerts[2]"), with its fingerprint when that was readable.</summary>
public sealed record RefusedAlert(string Where, string? Fingerprint, string Reason);

/// <summary>What a receiver read from one request: the alerts it understood and the ones it refused.</summary>
public sealed record AlertBatch(IReadOnlyList<IncomingAlert> Alerts, IReadOnlyList<RefusedAlert> Refused);

/// <summary>An alert received, kept (bounded, <see cref="AlertsOptions.Keep"/>) for the staff Alerts page with what it did.</summary>
public sealed record ReceivedAlert : IVersioned
{
    public required string Id { get; init; }
    public required string Receiver { get; init; }
    public required string Fingerprint { get; init; }
    public bool Firing { get; init; }
    public required string Name { get; init; }
    public string? Summary { get; init; }
    public Dictionary<string, string> Labels { get; init; } = [];
    public DateTime? StartsAt { get; init; }
    public DateTime ReceivedAt { get; init; }

    /// <summary>The rule that matched (its index in Alerts:Rules), or null.</summary>
    public int? Rule { get; init; }

    /// <summary>What it did, in words: "opened a draft", "matched no rule" …</summary>
    public required string Outcome { get; init; }

    public string? SuggestionId { get; init; }
    public int Version { get; init; }
}
