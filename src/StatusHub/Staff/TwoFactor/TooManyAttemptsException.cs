namespace StatusHub.Staff.TwoFactor;

/// <summary>A change to a second factor refused because this client got the password or a code wrong too often; it may try again after <see cref="RetryAfter"/>.</summary>
public sealed class TooManyAttemptsException(TimeSpan retryAfter)
    : Exception($"Too many wrong codes or passwords. Wait {StaffEndpoints.Describe(retryAfter)} before trying again.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
