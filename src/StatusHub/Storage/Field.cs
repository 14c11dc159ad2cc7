namespace StatusHub.Storage;

/// <summary>
/// What a validation sentence calls an input ("The message"), and the <c>PublicText</c> key of the same words when
/// readers of a public form or the bot can meet the rule, so that its refusal is said in their language
/// (<c>PublicText.Sentence</c>). A plain string is a field only staff meet: its refusals stay English.
/// </summary>
public sealed record Field(string Name, string? TextKey = null)
{
    public static implicit operator Field(string name) => new(name);

    public override string ToString() => Name;

    /// <summary>A rule's refusal: <paramref name="sentence"/> as staff read it, and <paramref name="key"/> with this field first when the field has words of its own.</summary>
    public ValidationException Refusal(string sentence, string key, params object?[] values) =>
        new(sentence) { TextKey = TextKey is null ? null : key, TextValues = [this, .. values] };
}
