namespace StatusHub.Staff.TwoFactor;

/// <summary>What a second-factor page shows after its form was posted: a secret being enrolled, recovery codes shown once, the outcome.</summary>
public sealed record SecondFactorState(PendingEnrolment? Enrolling = null, IReadOnlyList<string>? RecoveryCodes = null, string? Done = null, string? Error = null);
