namespace StatusHub.Text;

/// <summary>The one way StatusHub shortens text it echoes, logs or stores with a limit: cut, and say so with "…".</summary>
public static class Ellipsis
{
    /// <summary>
    /// <paramref name="text"/> as it is when it fits in <paramref name="maxLength"/> characters; otherwise its start and "…",
    /// <paramref name="maxLength"/> characters in all, never ending on half a surrogate pair.
    /// </summary>
    public static string Shorten(string text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (text.Length <= maxLength)
        {
            return text;
        }

        var keep = maxLength - 1;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return text[..keep] + "…";
    }
}
