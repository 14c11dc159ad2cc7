namespace StatusHub;

/// <summary>
/// A setting the app cannot start with, found while the app is put together (before options are validated); the
/// message names the key and what to put there. <see cref="Startup.SettingProblems"/> turns it into the start's refusal.
/// </summary>
public sealed class InvalidSettingException(string message) : Exception(message);
