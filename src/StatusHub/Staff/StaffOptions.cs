using System.ComponentModel.DataAnnotations;

namespace StatusHub.Staff;

public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>
    /// Sign-in and setup posts one client address may make per <see cref="SignInWindow"/>: a flood guard, loose enough
    /// for a whole team behind one office address signing in at the start of an incident. Guessing is slowed by
    /// <see cref="SignInBackOff"/>, which counts failures only.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Staff:SignInAttemptsPerWindow must be a number of attempts from 1 up, e.g. 60.")]
    public int SignInAttemptsPerWindow { get; set; } = 60;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Staff:SignInWindow must be a duration such as 00:05:00 (five minutes).")]
    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(5);
}
