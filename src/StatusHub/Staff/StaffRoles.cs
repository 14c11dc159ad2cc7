namespace StatusHub.Staff;

/// <summary>Admins manage accounts and settings; editors write incidents, maintenance and components.</summary>
public static class StaffRoles
{
    public const string Admin = "admin";
    public const string Editor = "editor";

    /// <summary>Policy: any signed-in staff member (admin or editor).</summary>
    public const string StaffPolicy = "staff";

    /// <summary>Policy: admins only.</summary>
    public const string AdminPolicy = "admin";

    public static bool IsKnown(string? role) => role is Admin or Editor;
}
