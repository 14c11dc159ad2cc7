using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace StatusHub.Tests.Support;

/// <summary>
/// The test server has no sockets, so each request says in <see cref="Header"/> which address it comes from; this sets the
/// connection's address from it, as a socket would, before anything of the app's runs.
/// </summary>
public sealed class ConnectionFrom : IStartupFilter
{
    public const string Header = "X-Test-Connection-From";

    public static void Install(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ConnectionFrom>());

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
