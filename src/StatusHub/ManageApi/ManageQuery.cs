using System.Globalization;
using Microsoft.OpenApi;
using StatusHub.Text;

namespace StatusHub.ManageApi;

/// <summary>
/// A query parameter of the management API, by its documented snake_case name. An endpoint declares the ones it reads
/// (<see cref="ManageQuery.Takes"/>); the same declaration refuses any other name and describes them in the OpenAPI document.
/// </summary>
public sealed record QueryParameter(string Name, JsonSchemaType Type, string Description, int? Minimum = null, int? Maximum = null)
{
    public string? Text(HttpContext http)
    {
        var values = http.Request.Query[Name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new BadRequestException($"{Name} is given {values.Count} times; give it once."),
        };
    }

    public int? Number(HttpContext http) => Text(http) is not { } raw ? null
        : int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= (Minimum ?? 0) && value <= (Maximum ?? int.MaxValue) ? value
        : throw new BadRequestException($"{Name} is a whole number from {Minimum ?? 0} to {Maximum ?? int.MaxValue}, not '{Ellipsis.Shorten(raw, 40)}'.");

    public bool? Flag(HttpContext http) => Text(http) switch
    {
        null => null,
        var raw when raw.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var raw when raw.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        var raw => throw new BadRequestException($"{Name} is true or false, not '{Ellipsis.Shorten(raw, 40)}'."),
    };
}

/// <summary>The query parameters an endpoint reads: endpoint metadata.</summary>
public sealed record QueryParameters(IReadOnlyList<QueryParameter> All);

public static class ManageQuery
{
    /// <summary>Far beyond any real list, and small enough that page × page size cannot overflow.</summary>
    public const int MaxPage = 1_000_000;

    public static readonly QueryParameter Page = new("page", JsonSchemaType.Integer, "The page, from 1.", Minimum: 1, Maximum: MaxPage);

    public static readonly QueryParameter DeliverNotifications = new(
        "deliver_notifications", JsonSchemaType.Boolean, "false cancels without telling subscribers; true (the default) tells them.");

    public static readonly QueryParameter SubscriberType = new("type", JsonSchemaType.String, "Only this channel: email, sms, webhook or telegram.");

    public static readonly QueryParameter SubscriberState = new("state", JsonSchemaType.String, "Only subscribers in this state: pending, active or failing.");

    public static readonly QueryParameter Search = new("q", JsonSchemaType.String, "The start of the address, taken literally.");

    public static TBuilder Takes<TBuilder>(this TBuilder builder, params QueryParameter[] parameters) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new QueryParameters(parameters));

    /// <summary>Refuses a query parameter the endpoint does not read, rather than ignoring it: a misspelt switch must not pass as its default.</summary>
    public static void RefuseUnknown(HttpContext http)
    {
        var known = http.GetEndpoint()?.Metadata.GetMetadata<QueryParameters>()?.All ?? [];
        foreach (var name in http.Request.Query.Keys)
        {
            if (known.Any(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var meant = known.FirstOrDefault(p => Loose(p.Name) == Loose(name));
            var takes = known.Count == 0 ? "This endpoint takes no query parameters." : $"This endpoint takes: {string.Join(", ", known.Select(p => p.Name))}.";
            throw new BadRequestException(meant is null
                ? $"Unknown query parameter '{Ellipsis.Shorten(name, 40)}'. {takes}"
                : $"Unknown query parameter '{Ellipsis.Shorten(name, 40)}': did you mean '{meant.Name}'? {takes}");
        }
    }

    /// <summary>Describes an endpoint's query parameters in the OpenAPI document, exactly as <see cref="RefuseUnknown"/> accepts them.</summary>
    public static void Describe(OpenApiOperation operation, QueryParameters parameters)
    {
        operation.Parameters ??= [];
        foreach (var parameter in parameters.All)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Query,
                Description = parameter.Description,
                Schema = new OpenApiSchema
                {
                    Type = parameter.Type,
                    Minimum = parameter.Minimum?.ToString(CultureInfo.InvariantCulture),
                    Maximum = parameter.Maximum?.ToString(CultureInfo.InvariantCulture),
                },
            });
        }
    }

    /// <summary>A name with case and separators ignored, to recognise deliverNotifications as deliver_notifications.</summary>
    internal static string Loose(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
