using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace StatusHub.Tests.Alerts;

/// <summary>Alert settings that could only fail once alerts arrive stop the start with a message naming the key.</summary>
public sealed class AlertSettingsTests
{
    private static async Task<string> RefusalAsync(params (string Key, string Value)[] settings)
    {
        await using var factory = new StatusHubApp();
        await using var app = factory.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

        return Assert.Throws<OptionsValidationException>(() => app.Services).Message;
    }

    [Fact]
    public async Task ABadImpactARuleWithoutMatchAndANegativeBodyLimitAreEachNamed()
    {
        var refusal = await RefusalAsync(
            ("Alerts:Token", AlertsRig.Token),
            ("Alerts:Rules:0:Match:service", "smtp"),
            ("Alerts:Rules:0:Impact", "urgent"),
            ("Alerts:Rules:0:Components:0", "Nothing"),
            ("Alerts:Rules:1:Impact", "major"),
            ("Alerts:MaxBodyBytes", "-1"));

        Assert.Contains("Alerts:Rules:0:Impact is \"urgent\": use none, minor, major or critical.", refusal);
        Assert.Contains("Alerts:Rules:1 has no Match", refusal);
        Assert.Contains("Alerts:MaxBodyBytes must be a positive number of bytes", refusal);
        Assert.DoesNotContain("Nothing", refusal);
    }

    [Theory]
    [InlineData("Alerts:Token")]
    [InlineData("Alerts:HmacSecret")]
    public async Task ASecretShorterThanSixteenCharactersIsRefused(string key)
    {
        var refusal = await RefusalAsync((key, "x"));

        Assert.Contains($"{key} is too short to be a secret", refusal);
    }

    [Theory]
    [InlineData("Alerts:Keep", "0")]
    [InlineData("Alerts:MaxSignatureAge", "-00:01:00")]
    public async Task ANonPositiveLimitIsRefused(string key, string value)
    {
        var refusal = await RefusalAsync((key, value));

        Assert.Contains($"{key} must be a positive", refusal);
    }
}
