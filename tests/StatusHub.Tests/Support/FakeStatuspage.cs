using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StatusHub.Tests.Support;

/// <summary>
/// A third-party status page on 127.0.0.1 serving Statuspage's v2 <c>/api/v2/summary.json</c> (and components.json),
/// whose components the test sets. It answers If-None-Match with 304 as Statuspage does, and can be told to answer
/// an error status or a body that is not Statuspage JSON.
/// </summary>
public sealed class FakeStatuspage : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Name, string Status)> _components = new(StringComparer.Ordinal);
    private int _revision = 1;
    private int _requests;
    private int _fullAnswers;

    private FakeStatuspage(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public string BaseUrl { get; private set; } = "";

    /// <summary>Answered with this status instead of the page when set (e.g. 500).</summary>
    public HttpStatusCode? Failure { get; set; }

    /// <summary>Answered with this body (200, application/json) instead of the page when set.</summary>
    public string? RawBody { get; set; }

    /// <summary>When set, requests wait for it before they are answered (a slow upstream the test releases).</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Requests for the JSON, whatever the answer.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests answered 200 with the whole page (not 304).</summary>
    public int FullAnswers => Volatile.Read(ref _fullAnswers);

    /// <summary>The If-None-Match header of the last request, or "".</summary>
    public string LastIfNoneMatch { get; private set; } = "";

    public static async Task<FakeStatuspage> StartAsync(string name = "Relay Co")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeStatuspage(app, name);
        app.MapGet("/api/v2/{document}", fake.Handle);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return fake;
    }

    /// <summary>Adds or changes a component; the page's ETag changes with it.</summary>
    public void Set(string id, string status, string? name = null)
    {
        lock (_lock)
        {
            _components[id] = (name ?? (_components.TryGetValue(id, out var known) ? known.Name : id), status);
            _revision++;
        }
    }

    private async Task<IResult> Handle(string document, HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        LastIfNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(context.RequestAborted);
        }

        if (document is not ("summary.json" or "components.json"))
        {
            return Results.NotFound();
        }

        if (Failure is { } failure)
        {
            return Results.StatusCode((int)failure);
        }

        if (RawBody is { } raw)
        {
            Interlocked.Increment(ref _fullAnswers);
            return Results.Text(raw, "application/json");
        }

        string etag;
        JsonObject page;
        lock (_lock)
        {
            etag = $"\"rev-{_revision}\"";
            page = Page();
        }

        context.Response.Headers.ETag = etag;
        if (LastIfNoneMatch == etag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        Interlocked.Increment(ref _fullAnswers);
        return Results.Text(page.ToJsonString(), "application/json");
    }

    private JsonObject Page()
    {
        var components = new JsonArray();
        foreach (var (id, (name, status)) in _components)
        {
            components.Add(new JsonObject
            {
                ["id"] = id,
                ["name"] = name,
                ["status"] = status,
                ["created_at"] = "2026-01-01T00:00:00.000Z",
                ["updated_at"] = "2026-11-23T11:00:00.000Z",
                ["position"] = components.Count,
                ["description"] = null,
                ["showcase"] = false,
                ["start_date"] = null,
                ["group_id"] = null,
                ["page_id"] = "fakepage",
                ["group"] = false,
                ["only_show_if_degraded"] = false,
            });
        }

        return new JsonObject
        {
            ["page"] = new JsonObject { ["id"] = "fakepage", ["name"] = Name, ["url"] = BaseUrl, ["time_zone"] = "Etc/UTC", ["updated_at"] = "2026-11-23T11:00:00.000Z" },
            ["components"] = components,
            ["incidents"] = new JsonArray(),
            ["scheduled_maintenances"] = new JsonArray(),
            ["status"] = new JsonObject { ["indicator"] = "none", ["description"] = "All Systems Operational" },
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
