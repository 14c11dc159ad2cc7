namespace StatusHub.Storage;

/// <summary>Guards for user input; each failure is a <see cref="ValidationException"/> with a message for a person.</summary>
public static class Validate
{
    public static string RequiredText(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new ValidationException($"{field} is required.");
        }

        return MaxLength(trimmed, field, maxLength);
    }

    public static string? OptionalText(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : MaxLength(trimmed, field, maxLength);
    }

    public static string MaxLength(string value, string field, int maxLength) =>
        value.Length > maxLength ? throw new ValidationException($"{field} is too long: {value.Length} characters, at most {maxLength}.") : value;

    public static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
