namespace StatusHub.Channels.Sms;

/// <summary>How an SMS text splits into segments: GSM 03.38 (7-bit, with the escape table costing two) or UCS-2.</summary>
public readonly record struct SmsSegments(bool IsGsm7, int Units, int Segments)
{
    public string Encoding => IsGsm7 ? "GSM-7" : "UCS-2";
}

public static class SmsText
{
    public const int MaxSegments = 2;

    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "^{}\\[~]|€\f";

    public static SmsSegments Count(string text)
    {
        var septets = 0;
        foreach (var c in text)
        {
            if (Basic.Contains(c, StringComparison.Ordinal))
            {
                septets += 1;
            }
            else if (Extension.Contains(c, StringComparison.Ordinal))
            {
                septets += 2;
            }
            else
            {
                return Ucs2(text);
            }
        }

        return new SmsSegments(true, septets, septets <= 160 ? 1 : (int)Math.Ceiling(septets / 153.0));
    }

    /// <summary>
    /// Shortens <paramref name="text"/> so that, with the link after it, it fits <see cref="MaxSegments"/> segments.
    /// The link is always kept whole at the end.
    /// </summary>
    public static string Fit(string text, string link, int maxSegments = MaxSegments)
    {
        var tail = " " + link;
        var body = text.Trim();
        if (Count(body + tail).Segments <= maxSegments)
        {
            return body + tail;
        }

        // Two segments hold at most 306 characters: start from there rather than from a long body.
        body = body.Length > 320 ? body[..320] : body;

        // Cut back by whole characters (never splitting a surrogate pair) until it fits, ending with an ellipsis.
        var cut = body.Length;
        while (cut > 0)
        {
            cut--;
            if (char.IsLowSurrogate(body[cut]) && cut > 0)
            {
                cut--;
            }

            var candidate = body[..cut].TrimEnd() + "…" + tail;
            if (Count(candidate).Segments <= maxSegments)
            {
                // "…" is not in GSM-7; if it alone forced UCS-2, three dots keep the text 7-bit.
                var gsm = body[..cut].TrimEnd() + "..." + tail;
                return Count(gsm).IsGsm7 && !Count(candidate).IsGsm7 && Count(gsm).Segments <= maxSegments ? gsm : candidate;
            }
        }

        return link;
    }

    private static SmsSegments Ucs2(string text)
    {
        var units = text.Length;
        return new SmsSegments(false, units, units <= 70 ? 1 : (int)Math.Ceiling(units / 67.0));
    }
}
