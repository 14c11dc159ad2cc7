using Microsoft.AspNetCore.Mvc;

namespace StatusHub.ManageApi;

/// <summary>RFC 7807 answers for the management API, in one shape whatever went wrong.</summary>
public static class ApiProblems
{
    public static Task WriteAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(
            new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" },
            options: null,
            contentType: "application/problem+json",
            cancellationToken: http.RequestAborted);
    }

    public static IResult Result(int status, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: $"https://httpstatuses.io/{status}");
}
