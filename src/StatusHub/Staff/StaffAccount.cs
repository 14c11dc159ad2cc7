using StatusHub.Storage;

namespace StatusHub.Staff;

/// <summary>A person who may sign in to the staff area. The email is the sign-in name and never changes (an external account's follows its provider).</summary>
public sealed record StaffAccount : IVersioned
{
    public const int MaxEmailLength = 254;

    public required string Id { get; init; }
    public required string Email { get; init; }
    public required string Role { get; init; }
    public required string PasswordHash { get; init; }
    public DateTime CreatedAt { get; init; }
    public bool Disabled { get; init; }
    public DateTime? LastSignInAt { get; init; }
    public int Version { get; init; }

    /// <summary>For an account of an identity provider (single sign-on): its issuer and its <c>sub</c> there, which name the person for good.</summary>
    public string? ExternalIssuer { get; init; }

    public string? ExternalSubject { get; init; }

    /// <summary>The name the identity provider gives; local accounts have none.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Signs in through the identity provider only: it has no password, and its role comes from the provider.</summary>
    public bool IsExternal => ExternalSubject is not null;

    public bool IsActiveAdmin => Role == StaffRoles.Admin && !Disabled;

    /// <summary>The audit log's subject for everything that happens to this account.</summary>
    public static string AuditSubject(string email) => $"staff:{email}";
}
