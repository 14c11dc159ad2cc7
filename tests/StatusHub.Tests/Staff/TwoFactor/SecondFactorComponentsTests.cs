using Bunit;
using OtpNet;
using StatusHub.Staff.TwoFactor;
using StatusHub.Staff.TwoFactor.Pages;

namespace StatusHub.Tests.Staff.TwoFactor;

public class SecondFactorComponentsTests : BunitContext
{
    private const string Secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    [Fact]
    public void RendersTheEnrolmentAddressAsAnInlineSvgQrCodeAndTheKeyInGroupsOfFour()
    {
        var uri = OneTimeCodes.EnrolmentUri(Secret, SecondFactors.Issuer, "ops@example.com");

        var cut = Render<TotpQrCode>(p => p.Add(c => c.Uri, uri).Add(c => c.Secret, Secret));

        var svg = cut.Find("figure.totp-qr svg");
        Assert.Equal("http://www.w3.org/2000/svg", svg.GetAttribute("xmlns"));
        Assert.Empty(cut.FindAll("img, script, image, use"));
        Assert.Equal("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".Chunk(4).Select(c => new string(c)).Aggregate((a, b) => $"{a} {b}"), cut.Find("code.totp-secret").TextContent);
        Assert.Equal("otpauth://totp/StatusHub:ops%40example.com?secret=" + Secret + "&issuer=StatusHub&algorithm=SHA1&digits=6&period=30", uri);
    }

    [Fact]
    public void TheCodeFieldTakesSixDigitsUnlessARecoveryCodeMayStandIn()
    {
        var digits = Render<CodeInput>(p => p.Add(c => c.Id, "c"));
        var either = Render<CodeInput>(p => p.Add(c => c.Id, "c").Add(c => c.AllowRecoveryCode, true));

        var input = digits.Find("input");
        Assert.Equal(("6", "[0-9]{6}", "numeric", "one-time-code"), (input.GetAttribute("maxlength"), input.GetAttribute("pattern"), input.GetAttribute("inputmode"), input.GetAttribute("autocomplete")));
        Assert.Null(either.Find("input").GetAttribute("pattern"));
        Assert.Equal("20", either.Find("input").GetAttribute("maxlength"));
    }

    [Theory]
    [InlineData("123456", "totp:123456")]
    [InlineData(" 123 456 ", "totp:123456")]
    [InlineData("ABCDE-23456", "recovery:abcde-23456")]
    [InlineData("abcde23456", "recovery:abcde-23456")]
    public void ReadsACodeAsAPersonTypesIt(string typed, string expected)
    {
        var parsed = TypedCode.Parse(typed) switch
        {
            TypedCode.Totp t => $"totp:{t.Digits}",
            TypedCode.Recovery r => $"recovery:{r.Code}",
            _ => "?",
        };

        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("abcde-1234l")]
    [InlineData("abcde-fghi0")]
    [InlineData("abcde - - - - - - - - - - - 23456")]
    [InlineData(null)]
    public void RefusesAnythingElseWithTheFormatMessage(string? typed)
    {
        var refused = Assert.Throws<StatusHub.Storage.ValidationException>(() => TypedCode.Parse(typed));

        Assert.Equal(SecondFactors.CodeFormat, refused.Message);
    }

    [Fact]
    public void AcceptsTheCodeOfTheStepBeforeAndAfterButNotTwoAway()
    {
        var now = new DateTime(2026, 12, 4, 12, 0, 15, DateTimeKind.Utc);
        var totp = new Totp(Base32Encoding.ToBytes(Secret));

        Assert.NotNull(OneTimeCodes.MatchingStep(Secret, totp.ComputeTotp(now.AddSeconds(-30)), now));
        Assert.NotNull(OneTimeCodes.MatchingStep(Secret, totp.ComputeTotp(now.AddSeconds(30)), now));
        Assert.Null(OneTimeCodes.MatchingStep(Secret, totp.ComputeTotp(now.AddSeconds(-60)), now));
    }

    [Fact]
    public void MakesTenDifferentRecoveryCodesOfTheReadableAlphabet()
    {
        var codes = OneTimeCodes.NewRecoveryCodes();

        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[abcdefghjkmnpqrstuvwxyz23456789]{5}-[abcdefghjkmnpqrstuvwxyz23456789]{5}$", c));
    }
}
