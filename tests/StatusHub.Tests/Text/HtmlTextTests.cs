using StatusHub.Text;

namespace StatusHub.Tests.Text;

public class HtmlTextTests
{
    [Theory]
    [InlineData("Störung behoben – danke", "Störung behoben – danke")]
    [InlineData("<b>\"R&D\"</b>", "&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt;")]
    [InlineData("l’équipe's 🚀", "l’équipe's 🚀")]
    [InlineData("", "")]
    public void EscapesOnlyWhatTelegramsHtmlReserves(string text, string expected) =>
        Assert.Equal(expected, HtmlText.Escape(text));
}
