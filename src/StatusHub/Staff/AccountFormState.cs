namespace StatusHub.Staff;

/// <summary>What a re-shown account form keeps from the post that failed (never the password), and why it failed.</summary>
public sealed record AccountFormState(string Email, string? ReturnUrl, string? Error, string? SetupToken = null);
