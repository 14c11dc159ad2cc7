using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace StatusHub.Tests.Support;

/// <summary>
/// The test server has no sockets, so a request says which address it comes from in <see cref="Header"/>; the app
/// sees that as the connection's address, as if a socket had set it, before anything of its own runs.
/// </summary>
public static class ConnectionFrom
{
    public const string Header = "X-Test-Connection-From";

    public static WebApplicationFactory<Program> WithConnectionFromHeader(this WebApplicationFactory<Program> app) =>
        app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ConnectionFromHeader>()));

    private sealed class ConnectionFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.Remove(Header, out var from))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(from.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
