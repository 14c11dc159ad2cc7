using Microsoft.Extensions.Time.Testing;
using StatusHub.Staff;

namespace StatusHub.Tests.Staff;

public class SignInBackOffTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public void DoublesTheWaitOfOneClientForOneAccountUpToTheLongestPause()
    {
        var backOff = new SignInBackOff(_time);

        var waits = new List<TimeSpan>();
        for (var i = 0; i < SignInBackOff.FreeFailures + 7; i++)
        {
            backOff.Failed("ops@example.com", "203.0.113.5");
            waits.Add(backOff.RetryAfter("ops@example.com", "203.0.113.5"));
        }

        Assert.Equal(TimeSpan.Zero, waits[SignInBackOff.FreeFailures - 2]);
        Assert.Equal(SignInBackOff.FirstPause, waits[SignInBackOff.FreeFailures - 1]);
        Assert.Equal(SignInBackOff.FirstPause * 2, waits[SignInBackOff.FreeFailures]);
        Assert.Equal(SignInBackOff.LongestPause, waits[^1]);
        Assert.Equal(TimeSpan.Zero, backOff.RetryAfter("ops@example.com", "198.51.100.1"));
    }

    [Fact]
    public void CountsOneIpv6NetworkAsOneClient()
    {
        var backOff = new SignInBackOff(_time);

        for (var i = 1; i <= SignInBackOff.FreeFailures; i++)
        {
            backOff.Failed("ops@example.com", $"2001:db8:0:7::{i:x}");
        }

        Assert.NotEqual(TimeSpan.Zero, backOff.RetryAfter("ops@example.com", "2001:db8:0:7:ffff::99"));
        Assert.Equal(TimeSpan.Zero, backOff.RetryAfter("ops@example.com", "2001:db8:0:8::1"));
    }

    [Fact]
    public void ForgetsTheSuccessfulClientsFailuresButNotItsAddresss()
    {
        var backOff = new SignInBackOff(_time);
        for (var i = 0; i < SignInBackOff.FreeFailuresPerAddress - 1; i++)
        {
            backOff.Failed($"guess{i}@example.com", "203.0.113.5");
        }

        backOff.Succeeded("guess0@example.com", "203.0.113.5");
        backOff.Failed("guess0@example.com", "203.0.113.5");

        Assert.NotEqual(TimeSpan.Zero, backOff.RetryAfter("anyone@example.com", "203.0.113.5"));
    }

    [Fact]
    public void StaysBoundedWhileAnAttackerSpraysAddressesAndAccountsAndStillHoldsTheNewest()
    {
        var backOff = new SignInBackOff(_time);

        const int clients = SignInBackOff.MaxTracked * 2;
        for (var i = 0; i < clients; i++)
        {
            for (var attempt = 0; attempt < SignInBackOff.FreeFailures; attempt++)
            {
                backOff.Failed($"user{i}@example.com", $"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}");
            }
        }

        Assert.InRange(backOff.Tracked, 1, 2 * SignInBackOff.MaxTracked);
        var last = clients - 1;
        Assert.NotEqual(TimeSpan.Zero, backOff.RetryAfter($"user{last}@example.com", $"10.{last >> 16 & 255}.{last >> 8 & 255}.{last & 255}"));
    }
}
