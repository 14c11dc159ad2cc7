namespace StatusHub.Storage;

/// <summary>A save lost a race: somebody else saved the same document since it was read.</summary>
public sealed class ConcurrencyConflictException(string what, int expectedVersion, int actualVersion)
    : Exception($"{what} was changed by someone else while you were editing it (your version {expectedVersion}, saved version {actualVersion}). Reload to see their changes, then apply yours again.")
{
    public int ExpectedVersion { get; } = expectedVersion;
    public int ActualVersion { get; } = actualVersion;
}

/// <summary>Input that breaks a rule; the message is written for the person who typed it.</summary>
public sealed class ValidationException(string message) : Exception(message);

public sealed class NotFoundException(string message) : Exception(message);

/// <summary>What was asked for already exists in that state (a subscriber already active): 409 in the API.</summary>
public sealed class ConflictException(string message) : Exception(message);
