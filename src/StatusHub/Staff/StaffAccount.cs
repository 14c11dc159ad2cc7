using StatusHub.Storage;

namespace StatusHub.Staff;

/// <summary>A person who may sign in to the staff area. The email is the sign-in name and never changes.</summary>
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

    public bool IsActiveAdmin => Role == StaffRoles.Admin && !Disabled;

    /// <summary>The audit log's subject for everything that happens to this account.</summary>
    public static string AuditSubject(string email) => $"staff:{email}";
}
