using StatusHub.Storage;

namespace StatusHub.Staff.TwoFactor;

/// <summary>
/// The authenticator app enrolled for one staff account (<see cref="Id"/> is the account's id): its TOTP secret,
/// encrypted with the app's Data Protection keys, and its unspent recovery codes, hashed like passwords.
/// </summary>
public sealed record StaffSecondFactor : IVersioned
{
    public required string Id { get; init; }
    public required string ProtectedSecret { get; init; }
    public DateTime EnabledAt { get; init; }

    /// <summary>The last TOTP time step a code was accepted for: a code of that step or an earlier one is refused, so none works twice.</summary>
    public long LastUsedStep { get; init; }

    public List<string> RecoveryCodeHashes { get; init; } = [];
    public int Version { get; init; }
}

/// <summary>The admin's switch that makes a second factor required for every staff account.</summary>
public sealed record SecondFactorRule : IVersioned
{
    public const string Key = "staff";

    public string Id { get; init; } = Key;
    public bool Required { get; init; }
    public DateTime ChangedAt { get; init; }
    public string By { get; init; } = "";
    public int Version { get; init; }
}
