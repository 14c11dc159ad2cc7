using System.Net.Sockets;
using System.Security.Authentication;
using StatusHub.Text;

namespace StatusHub.Tests.Text;

public class ExceptionTextTests
{
    [Fact]
    public void TellsTheInnerCauseInsteadOfSeeInnerException()
    {
        var ex = new HttpRequestException("The SSL connection could not be established, see inner exception.",
            new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot"));

        Assert.Equal("The SSL connection could not be established: The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot.", ExceptionText.Describe(ex));
    }

    [Fact]
    public void SaysACauseTheOuterMessageRepeatsOnlyOnceAndKeepsItOnOneLine()
    {
        var ex = new HttpRequestException("Connection refused (127.0.0.1:9)", new SocketException((int)SocketError.ConnectionRefused));
        var lines = new IOException("An error occurred while attempting to establish an SSL or TLS connection.\n\nThe server's SSL certificate could not be validated.");

        Assert.Equal("Connection refused (127.0.0.1:9).", ExceptionText.Describe(ex));
        Assert.Equal("An error occurred while attempting to establish an SSL or TLS connection. The server's SSL certificate could not be validated.", ExceptionText.Describe(lines));
    }

    [Fact]
    public void NamesTheExceptionWhenItSaysNothing()
    {
        Assert.Equal("TimeoutException", ExceptionText.Describe(new TimeoutException("")));
    }
}
