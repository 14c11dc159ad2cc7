using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Tests.Text;

/// <summary>What a name or a body may hold, as typed and as found in an older store.</summary>
public class TextPolicyTests
{
    public static TheoryData<string, string> AcceptedLines => new()
    {
        { "Web", "Web" },
        { "Zürich – Mail ✨ 日本", "Zürich – Mail ✨ 日本" },
        { "Zu\u0308rich", "Zürich" },
        { "Mail\tdelayed", "Mail delayed" },
        { "Mail\r\ndelayed\nagain", "Mail delayed again" },
        { "Mail\u2028delayed\u0085again", "Mail delayed again" },
        { "كلمة مرور\u200F", "كلمة مرور\u200F" },
        { "emoji 😀 pair", "emoji 😀 pair" },
    };

    public static TheoryData<string, string> RefusedLines => new()
    {
        { "\u001b[31mWeb", "U+001B" },
        { "Web\0", "U+0000" },
        { "Web\u007f", "U+007F" },
        { "Web\u0080", "U+0080" },
        { "Web\u009b31m", "U+009B" },
        { "Web\ufffe", "U+FFFE" },
        { "Web\uffff", "U+FFFF" },
        { "Web\ufdd0", "U+FDD0" },
        { "Web\U0001FFFF", "U+1FFFF" },
        { "Web\ud800", "U+D800" },
        { "\udc00Web", "U+DC00" },
        { "invoice\u202Efdp.exe", "U+202E" },
        { "Web\u202A", "U+202A" },
        { "Web\u2066x\u2069", "U+2066" },
    };

    public static TheoryData<string, string> CleanedBodies => new()
    {
        { "Investigating.", "Investigating." },
        { "Line one\r\nLine two\rLine three\n\tindented", "Line one\nLine two\nLine three\n\tindented" },
        { "\u001b[31mred\u001b[0m text, \u001b[1;4mbold\u001b[m", "red text, bold" },
        { "lone \u001b escape", "lone  escape" },
        { "nul\0 bell\a vt\v ff\f del\u007f c1\u0080\u009f", "nul bell vt ff del c1" },
        { "next\u0085line\u2028and\u2029more", "next\nline\nand\nmore" },
        { "not\ufffe a\uffff char\ufdd0", "not a char" },
        { "broken \ud800half \udc00other", "broken half other" },
        { "right-to-left \u202Ekept\u202C in text", "right-to-left \u202Ekept\u202C in text" },
        { "Zu\u0308rich", "Zürich" },
        { "emoji 😀 pair", "emoji 😀 pair" },
    };

    [Theory]
    [MemberData(nameof(AcceptedLines))]
    public void ANameIsOneLineInComposedForm(string typed, string kept) =>
        Assert.Equal(kept, Validate.RequiredText(typed, "Component name", 100));

    [Theory]
    [MemberData(nameof(RefusedLines))]
    public void ANameWithACharacterNoPageCanShowIsRefusedNamingTheFieldAndTheCharacter(string typed, string character)
    {
        var refusal = Assert.Throws<ValidationException>(() => Validate.RequiredText(typed, "Component name", 100));

        Assert.StartsWith("Component name ", refusal.Message);
        Assert.Contains(character, refusal.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u200B\u200C\u200D")]
    [InlineData("\u00A0\u2060\uFEFF")]
    [InlineData("\u3164\u115F")]
    [InlineData("\u00AD \u034F")]
    [InlineData("\r\n\t")]
    public void ANameThatShowsNothingIsRefused(string typed)
    {
        var refusal = Assert.Throws<ValidationException>(() => Validate.RequiredText(typed, "Component name", 100));

        Assert.StartsWith("Component name ", refusal.Message);
        Assert.Contains("required", refusal.Message);
    }

    [Fact]
    public void TheLengthLimitCountsTheComposedForm()
    {
        var decomposed = string.Concat(Enumerable.Repeat("u\u0308", 100));

        Assert.Equal(new string('ü', 100), Validate.RequiredText(decomposed, "Component name", 100));
        Assert.Throws<ValidationException>(() => Validate.RequiredText(decomposed + "x", "Component name", 100));
    }

    [Theory]
    [MemberData(nameof(CleanedBodies))]
    public void ABodyKeepsTabsAndLineBreaksAndDropsWhatNoPageCanShow(string typed, string kept) =>
        Assert.Equal(kept, Validate.RequiredBody(typed, "Update text", 20_000));

    [Theory]
    [InlineData("\u001b\u0007")]
    [InlineData(" \u200B \n ")]
    public void ABodyThatShowsNothingOnceCleanedIsRefusedWhenRequired(string typed) =>
        Assert.Contains("required", Assert.Throws<ValidationException>(() => Validate.RequiredBody(typed, "Update text", 20_000)).Message);

    /// <summary>Theory data rather than attributes: an attribute cannot carry half a surrogate pair.</summary>
    public static TheoryData<string, string> CleanedNames => new()
    {
        { "\u001b[31mWeb\u001b[0m", "Web" },
        { "invoice\u202Efdp.exe", "invoicefdp.exe" },
        { "Mail\r\ndelayed\ud800\uffff", "Mail delayed" },
        { " Zu\u0308rich\0 ", "Zürich" },
    };

    [Theory]
    [MemberData(nameof(CleanedNames))]
    public void CleaningAStoredNameDropsWhatTypingItWouldRefuse(string stored, string cleaned) =>
        Assert.Equal(cleaned, TextPolicy.Line.Clean(stored));

    [Theory]
    [MemberData(nameof(CleanedBodies))]
    public void CleaningAStoredBodyDoesWhatTypingItWouldDo(string stored, string cleaned) =>
        Assert.Equal(cleaned, TextPolicy.Body.Clean(stored));

    [Fact]
    public void CleanTextIsReturnedAsItIs()
    {
        const string text = "Nothing to do here.\nReally.";

        Assert.Same(text, TextPolicy.Body.Clean(text));
    }
}
