using StatusHub.Storage;

namespace StatusHub.ManageApi;

/// <summary>What a key may do: read everything the management API shows, or also change it.</summary>
public enum ApiKeyScope
{
    Read,
    Write,
}

/// <summary>
/// A management API key. Only a SHA-256 of the secret is kept: the key is 32 random bytes, so a fast hash is as
/// safe as a slow one, and every request can be checked without slowing the API down.
/// </summary>
public sealed record ApiKey : IVersioned
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public ApiKeyScope Scope { get; init; }

    /// <summary>Lower-case hex SHA-256 of the whole key string.</summary>
    public required string Hash { get; init; }

    /// <summary>The key's first characters, shown to staff so they can tell keys apart.</summary>
    public required string Prefix { get; init; }

    public required string CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? RevokedAt { get; init; }
    public string? RevokedBy { get; init; }

    /// <summary>Kept to the minute: writing it on every request would cost a transaction each.</summary>
    public DateTime? LastUsedAt { get; init; }

    public int Version { get; init; }

    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A key as created: <see cref="Secret"/> is shown once and never stored.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Secret);
