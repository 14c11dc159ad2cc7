namespace StatusHub.Text;

/// <summary>
/// Cuts of a string that keep a character split by the cut whole: half a surrogate pair cannot be stored (LiteDB's
/// UTF-8 encoder throws on it) nor shown, so a cut that leaves one turns an emoji into a failed write.
/// </summary>
public static class WholeCharacters
{
    /// <summary>The first <paramref name="length"/> characters, one more when the cut would split a pair.</summary>
    public static string Start(string text, int length)
    {
        if (length >= text.Length)
        {
            return text;
        }

        return text[..(length > 0 && char.IsHighSurrogate(text[length - 1]) ? length + 1 : length)];
    }

    /// <summary>The last <paramref name="length"/> characters, one more when the cut would split a pair.</summary>
    public static string End(string text, int length)
    {
        if (length >= text.Length)
        {
            return text;
        }

        var from = text.Length - length;
        return text[(char.IsLowSurrogate(text[from]) && from > 0 ? from - 1 : from)..];
    }
}
