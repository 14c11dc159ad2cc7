namespace StatusHub.Channels.Sms;

/// <summary>How an SMS text splits into segments: GSM 03.38 (7-bit, with the escape table costing two) or UCS-2.</summary>
public readonly record struct SmsSegments(bool IsGsm7, int Units, int Segments)
{
    public string Encoding => IsGsm7 ? "GSM-7" : "UCS-2";
}

public static class SmsText
{
    public const int MaxSegments = 2;

    private const int Gsm7Single = 160;
    private const int Gsm7Part = 153;
    private const int Ucs2Single = 70;
    private const int Ucs2Part = 67;

    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "^{}\\[~]|€\f";

    public static SmsSegments Count(string text)
    {
        var septets = 0;
        foreach (var c in text)
        {
            var cost = Septets(c);
            if (cost == 0)
            {
                return Split(text, isGsm7: false);
            }

            septets += cost;
        }

        return septets <= Gsm7Single ? new SmsSegments(true, septets, 1) : Split(text, isGsm7: true);
    }

    /// <summary>
    /// Shortens <paramref name="text"/> so that, with <paramref name="end"/> after it, it fits <see cref="MaxSegments"/> segments.
    /// The end (the opt-out line and the link) is always kept whole.
    /// </summary>
    public static string Fit(string text, string end, int maxSegments = MaxSegments)
    {
        var tail = " " + end;
        var body = text.Trim();
        if (Count(body + tail).Segments <= maxSegments)
        {
            return body + tail;
        }

        // "…" is not in GSM-7: a 7-bit text ends with three dots so that cutting it never halves its room by forcing UCS-2.
        var ellipsis = Count(body + tail).IsGsm7 ? "..." : "…";

        // Two segments hold at most 306 characters: start from there rather than from a long body.
        var cut = Math.Min(body.Length, Gsm7Part * maxSegments);
        while (cut > 0)
        {
            // Never end on half of a surrogate pair.
            if (char.IsHighSurrogate(body[cut - 1]))
            {
                cut--;
                continue;
            }

            var candidate = body[..cut].TrimEnd() + ellipsis + tail;
            if (Count(candidate).Segments <= maxSegments)
            {
                return candidate;
            }

            cut--;
        }

        return end;
    }

    /// <summary>Septets one UTF-16 unit costs in GSM-7, or 0 when GSM-7 cannot carry it.</summary>
    private static int Septets(char c) =>
        Basic.Contains(c, StringComparison.Ordinal) ? 1 : Extension.Contains(c, StringComparison.Ordinal) ? 2 : 0;

    /// <summary>
    /// Counts the segments as a phone fills them: an escape pair (GSM-7) or a surrogate pair (UCS-2) is never split,
    /// so it moves whole to the next segment and can leave one unit of the previous one unused.
    /// </summary>
    private static SmsSegments Split(string text, bool isGsm7)
    {
        var single = isGsm7 ? Gsm7Single : Ucs2Single;
        var part = isGsm7 ? Gsm7Part : Ucs2Part;
        var units = 0;
        var segments = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var cost = isGsm7 ? Septets(text[i]) : char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (!isGsm7 && cost == 2)
            {
                i++;
            }

            units += cost;
            if (used + cost > part)
            {
                segments++;
                used = 0;
            }

            used += cost;
        }

        return units <= single ? new SmsSegments(isGsm7, units, 1) : new SmsSegments(isGsm7, units, segments);
    }
}
