namespace StatusHub.Operations;

/// <summary><c>/healthz</c> and <c>/readyz</c>: no sign-in, never cached by a proxy.</summary>
public static class HealthEndpoints
{
    /// <summary>The process answers: nothing else is looked at, not even the store.</summary>
    public static IResult Alive(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new { status = "alive" });
    }

    /// <summary>200 with the report when ready, 503 with the same report (its reasons say why) when not.</summary>
    public static IResult Ready(HttpContext http, Readiness readiness)
    {
        var report = readiness.Check();
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(report, statusCode: report.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
