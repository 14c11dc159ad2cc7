using StatusHub.Text;

namespace StatusHub.Tests.Text;

/// <summary>Every presented secret (bearer tokens, webhook secret headers, signatures) is compared through <see cref="SecretText"/>.</summary>
public sealed class SecretTextTests
{
    [Theory]
    [InlineData("s3cret-token", "s3cret-token", true)]
    [InlineData("Grüße 🔑", "Grüße 🔑", true)]
    [InlineData("s3cret-token", "s3cret-tokeN", false)]
    [InlineData("s3cret-token", "s3cret-token ", false)]
    [InlineData("s3cret", "s3cret-token", false)]
    [InlineData("", "s3cret-token", false)]
    [InlineData("", "", true)]
    public void Only_the_exact_secret_matches(string given, string expected, bool same) =>
        Assert.Equal(same, SecretText.Same(given, expected));

    [Fact]
    public void Nothing_presented_never_matches() => Assert.False(SecretText.Same(null, ""));
}
