namespace StatusHub.Storage;

/// <summary>A save lost a race: somebody else saved the same document since it was read.</summary>
public sealed class ConcurrencyConflictException(string what, int expectedVersion, int actualVersion)
    : Exception($"{Describe(what, expectedVersion, actualVersion)} Reload to see their changes, then apply yours again.")
{
    /// <summary>The conflict without the advice to reload, for a page that shows the latest version by itself.</summary>
    public string WhatHappened { get; } = Describe(what, expectedVersion, actualVersion);

    public int ExpectedVersion { get; } = expectedVersion;
    public int ActualVersion { get; } = actualVersion;

    private static string Describe(string what, int expectedVersion, int actualVersion) =>
        $"{what} was changed by someone else while you were editing it (your version {expectedVersion}, saved version {actualVersion}).";
}

/// <summary>
/// Input that breaks a rule; the message is written for the person who typed it, in English. A rule a reader can break
/// on a public form also names its sentence in the public pages' words (<see cref="TextKey"/>, <see cref="TextValues"/>),
/// so the answer page says it in the page's language.
/// </summary>
public sealed class ValidationException(string message) : Exception(message)
{
    /// <summary>The <c>PublicText</c> key of the same sentence, when readers of a public form can meet it.</summary>
    public string? TextKey { get; init; }

    public object?[] TextValues { get; init; } = [];

    /// <summary>
    /// The record's state refuses the write, whatever was typed (an incident resolved already, a draft published
    /// already): a form that would ask again for a better answer ends instead, since none can help.
    /// </summary>
    public bool RefusedByState { get; init; }
}

public sealed class NotFoundException(string message) : Exception(message);

/// <summary>What was asked for already exists in that state (a subscriber already active): 409 in the API.</summary>
public sealed class ConflictException(string message) : Exception(message);
