using System.Globalization;
using System.Text;
using StatusHub.Storage;

namespace StatusHub.Text;

/// <summary>
/// What text StatusHub keeps, decided once. The feature services check everything staff pages, the management API,
/// imports and the bot hand them with these (through <see cref="Validate"/>), the schema migration cleans older stores
/// with them, and the XML writers pass what they write through <see cref="Body"/>: nothing kept can break a page, a
/// feed, a badge, a calendar or the static export.
/// </summary>
public sealed class TextPolicy
{
    /// <summary>
    /// Names and titles: one line (line breaks and tabs become spaces), in composed form (NFC). Control characters,
    /// noncharacters, half surrogate pairs and text-direction overrides are refused: a name is short, and a pasted
    /// colour code or a reversed file name is better pointed out than silently changed.
    /// </summary>
    public static TextPolicy Line { get; } = new(singleLine: true);

    /// <summary>
    /// Update texts, descriptions and other Markdown: tabs and line breaks kept (CRLF and CR become LF), in composed form;
    /// terminal colour codes, other control characters, noncharacters and half surrogate pairs dropped, since pasted logs
    /// carry them and an update must go out during an outage rather than argue about invisible characters.
    /// </summary>
    public static TextPolicy Body { get; } = new(singleLine: false);

    private readonly bool _singleLine;

    private TextPolicy(bool singleLine) => _singleLine = singleLine;

    /// <summary>Typed text as it is kept; a <see cref="ValidationException"/> naming <paramref name="field"/> for what this policy refuses.</summary>
    public string Accept(string value, Field field) => Apply(value, field);

    /// <summary>Stored text as it should have been kept: what <see cref="Accept"/> refuses is dropped instead (for data kept before this policy).</summary>
    public string Clean(string value) => _singleLine ? Apply(value, field: null).Trim() : Apply(value, field: null);

    /// <summary>True when nothing in <paramref name="value"/> shows: only spaces, format characters (zero-width, joiners, marks) and blank fillers.</summary>
    public static bool ShowsNothing(string value)
    {
        foreach (var rune in value.EnumerateRunes())
        {
            if (!IsInvisible(rune))
            {
                return false;
            }
        }

        return true;
    }

    private string Apply(string value, Field? field)
    {
        if (IsKeptAsItIs(value))
        {
            return value;
        }

        var kept = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (Classify(value, i))
            {
                case Kind.Kept:
                    kept.Append(c);
                    if (char.IsHighSurrogate(c))
                    {
                        kept.Append(value[++i]);
                    }

                    break;
                case Kind.Tab:
                    kept.Append(_singleLine ? ' ' : '\t');
                    break;
                case Kind.LineBreak:
                    if (c == '\r' && i + 1 < value.Length && value[i + 1] == '\n')
                    {
                        i++;
                    }

                    kept.Append(_singleLine ? ' ' : '\n');
                    break;
                case Kind.DirectionOverride when !_singleLine:
                    kept.Append(c);
                    break;
                case var unwanted:
                    if (field is not null && _singleLine)
                    {
                        throw Refusal(field, value, i, unwanted);
                    }

                    i = SkipTerminalCode(value, i);
                    if (char.IsHighSurrogate(c) && unwanted == Kind.Noncharacter)
                    {
                        i++;
                    }

                    break;
            }
        }

        var composed = kept.ToString();
        if (!composed.IsNormalized(NormalizationForm.FormC))
        {
            composed = composed.Normalize(NormalizationForm.FormC);
        }

        return composed;
    }

    private enum Kind
    {
        Kept,
        Tab,
        LineBreak,
        Control,
        Noncharacter,
        HalfSurrogate,
        DirectionOverride,
    }

    private static Kind Classify(string value, int i)
    {
        var c = value[i];
        if (char.IsSurrogate(c))
        {
            if (!char.IsHighSurrogate(c) || i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
            {
                return Kind.HalfSurrogate;
            }

            return IsNoncharacter(char.ConvertToUtf32(c, value[i + 1])) ? Kind.Noncharacter : Kind.Kept;
        }

        return c switch
        {
            '\t' => Kind.Tab,
            '\n' or '\r' or '\u0085' or '\u2028' or '\u2029' => Kind.LineBreak,
            _ when char.IsControl(c) => Kind.Control,
            (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') => Kind.DirectionOverride,
            _ when IsNoncharacter(c) => Kind.Noncharacter,
            _ => Kind.Kept,
        };
    }

    /// <summary>The common case, text with nothing to change, costs one pass and no copy.</summary>
    private bool IsKeptAsItIs(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var kind = Classify(value, i);
            if (kind == Kind.Kept)
            {
                i += char.IsHighSurrogate(value[i]) ? 1 : 0;
            }
            else if (_singleLine || !(kind is Kind.Tab or Kind.DirectionOverride || value[i] == '\n'))
            {
                return false;
            }
        }

        return value.IsNormalized(NormalizationForm.FormC);
    }

    /// <summary>ESC [ … m and the rest of ECMA-48's control sequences (what terminals colour text with) go whole: "[31m" alone means nothing to a reader.</summary>
    private static int SkipTerminalCode(string value, int i)
    {
        var start = value[i] switch
        {
            '\u001b' when i + 1 < value.Length && value[i + 1] == '[' => i + 2,
            '\u009b' => i + 1,
            _ => -1,
        };
        if (start < 0)
        {
            return i;
        }

        var end = start;
        while (end < value.Length && value[end] is >= '\u0020' and <= '\u003f')
        {
            end++;
        }

        return end < value.Length && value[end] is >= '\u0040' and <= '\u007e' ? end : i;
    }

    private static ValidationException Refusal(Field field, string value, int index, Kind kind)
    {
        var code = char.IsHighSurrogate(value[index]) && kind == Kind.Noncharacter
            ? char.ConvertToUtf32(value[index], value[index + 1])
            : value[index];
        var named = $"U+{code:X4} at character {index + 1}";
        var sentence = kind switch
        {
            Kind.Control when value[index] == '\u001b' => $"{field} holds a control character ({named}), likely a pasted terminal colour code; remove it.",
            Kind.Control => $"{field} holds a control character ({named}), which no page or feed can show; remove it.",
            Kind.Noncharacter => $"{field} holds {named}, which is not a character; remove it.",
            Kind.HalfSurrogate => $"{field} holds half of a character ({named}); type or paste it again.",
            _ => $"{field} holds a text-direction override ({named}), which can make it read differently from what it says; remove it.",
        };
        return field.Refusal(sentence, "Invalid.Character", $"U+{code:X4}", index + 1);
    }

    /// <summary>Unicode's 66 noncharacters: U+FDD0–U+FDEF and the last two code points of every plane.</summary>
    private static bool IsNoncharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    private static bool IsInvisible(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control
        || rune.Value is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x2800 or 0x3164 or 0xFFA0
        || rune.Value is (>= 0x180B and <= 0x180D) or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);
}
