using Microsoft.AspNetCore.Http;
using StatusHub.Hosting;

namespace StatusHub.Tests.Hosting;

public class RetryAfterHeaderTests
{
    [Theory]
    [InlineData(0, "1")]
    [InlineData(200, "1")]
    [InlineData(1_000, "1")]
    [InlineData(1_001, "2")]
    [InlineData(61_100, "62")]
    [InlineData(300_000, "300")]
    public void WritesWholeSecondsRoundedUpAndNeverZero(int milliseconds, string expected)
    {
        var http = new DefaultHttpContext();

        RetryAfterHeader.Set(http.Response, TimeSpan.FromMilliseconds(milliseconds));

        Assert.Equal(expected, http.Response.Headers.RetryAfter.ToString());
    }
}
