using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using StatusHub.Storage;

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

    public static IResult Result(int status, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: ReasonPhrases.GetReasonPhrase(status), type: $"https://httpstatuses.io/{status}");

    /// <summary>
    /// The one place an exception becomes an answer: what the services refuse (<see cref="ValidationException"/>, from any
    /// feature's rules) is 422, what the API cannot read is <see cref="BadRequestException"/>'s status, anything unforeseen a 500
    /// that names no .NET detail (the log has it).
    /// </summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            ManageQuery.RefuseUnknown(context.HttpContext);
            ManageRoutes.RefuseMalformedId(context.HttpContext);
            return await next(context);
        }
        catch (BadRequestException ex)
        {
            return Result(ex.Status, ex.Message);
        }
        catch (ValidationException ex)
        {
            return Result(StatusCodes.Status422UnprocessableEntity, ex.Message);
        }
        catch (NotFoundException ex)
        {
            return Result(StatusCodes.Status404NotFound, ex.Message);
        }
        catch (Exception ex) when (ex is ConflictException or ConcurrencyConflictException)
        {
            return Result(StatusCodes.Status409Conflict, ex.Message);
        }
        catch (ReadOnlyException)
        {
            // Answered once for every endpoint, the API's included (Hosting/ReadOnlyAnswers).
            throw;
        }
        catch (Exception ex) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiProblems))
                .LogError(ex, "Management API: {Method} {Path} failed", context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return Result(StatusCodes.Status500InternalServerError, $"Something went wrong on the server; the log says what (trace id {context.HttpContext.TraceIdentifier}).");
        }
    }
}

/// <summary>A request the API cannot read (query, body, media type, size), answered with <see cref="Status"/>.</summary>
public sealed class BadRequestException(string message, int status = StatusCodes.Status400BadRequest) : Exception(message)
{
    public int Status { get; } = status;
}
