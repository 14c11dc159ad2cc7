using StatusHub.Text;

namespace StatusHub.Storage;

/// <summary>Guards for user input; each failure is a <see cref="ValidationException"/> with a message for a person.</summary>
public static class Validate
{
    /// <summary>A name or title: one line, trimmed, something visible in it (<see cref="TextPolicy.Line"/>).</summary>
    public static string RequiredText(string? value, Field field, int maxLength) => Required(value, TextPolicy.Line, field, maxLength);

    /// <summary>A one-line value that may be left empty (null then).</summary>
    public static string? OptionalText(string? value, Field field, int maxLength) => Optional(value, TextPolicy.Line, field, maxLength);

    /// <summary>Multi-line text (an update, a description), trimmed, something visible in it (<see cref="TextPolicy.Body"/>).</summary>
    public static string RequiredBody(string? value, Field field, int maxLength) => Required(value, TextPolicy.Body, field, maxLength);

    /// <summary>Multi-line text that may be left empty (null then).</summary>
    public static string? OptionalBody(string? value, Field field, int maxLength) => Optional(value, TextPolicy.Body, field, maxLength);

    /// <summary>Text that may be empty, kept as typed (not trimmed) but for what <paramref name="policy"/> decides.</summary>
    public static string Text(string? value, TextPolicy policy, Field field, int maxLength) =>
        MaxLength(policy.Accept(value ?? "", field), field, maxLength);

    public static string MaxLength(string value, Field field, int maxLength) =>
        value.Length > maxLength
            ? throw field.Refusal($"{field} is too long: {value.Length} characters, at most {maxLength}.", "Invalid.TooLong", value.Length, maxLength)
            : value;

    public static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    private static string Required(string? value, TextPolicy policy, Field field, int maxLength)
    {
        var trimmed = policy.Accept(value ?? "", field).Trim();
        if (TextPolicy.ShowsNothing(trimmed))
        {
            throw trimmed.Length == 0
                ? field.Refusal($"{field} is required.", "Invalid.Required")
                : field.Refusal($"{field} is required: what was typed shows nothing (only invisible characters).", "Invalid.Invisible");
        }

        return MaxLength(trimmed, field, maxLength);
    }

    private static string? Optional(string? value, TextPolicy policy, Field field, int maxLength)
    {
        var trimmed = policy.Accept(value ?? "", field).Trim();
        return TextPolicy.ShowsNothing(trimmed) ? null : MaxLength(trimmed, field, maxLength);
    }
}
