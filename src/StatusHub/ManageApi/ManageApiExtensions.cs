using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.OpenApi;

namespace StatusHub.ManageApi;

public static class ManageApiExtensions
{
    public const string ReadPolicy = "manage-api-read";
    public const string WritePolicy = "manage-api-write";

    public static IHostApplicationBuilder AddManageApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ApiKeyService>();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, configureOptions: null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthentication.ScopeClaim, "read", "write"))
            .AddPolicy(WritePolicy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthentication.ScopeClaim, "write"));
        builder.Services.AddOpenApi(options =>
        {
            // The document describes the management API only: the public files are Statuspage's, documented by Statuspage.
            options.ShouldInclude = description => description.RelativePath?.StartsWith(ManageEndpoints.Prefix.TrimStart('/'), StringComparison.Ordinal) == true;
            options.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<QueryParameters>().FirstOrDefault() is { } query)
                {
                    ManageQuery.Describe(operation, query);
                }

                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ManageEndpoints.JsonBody>().FirstOrDefault() is { } body)
                {
                    var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);
                    // Every body field is optional to the reader (each endpoint says which it needs), whatever the record's constructor says.
                    NothingRequired(schema);
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
                    };
                }
            });
            options.AddDocumentTransformer((document, _, _) =>
            {
                // Bodies are read and answers written snake_case (ManageBodyReader, StatuspageV2.JsonOptions); the generator
                // names properties by the host's default camelCase, so every schema here is renamed to match the wire.
                foreach (var schema in document.Components?.Schemas?.Values ?? [])
                {
                    SnakeCase(schema);
                }

                // HEAD is answered wherever GET is (Hosting/HeadLikeGet): HTTP's own rule, not an operation of the API.
                foreach (var path in document.Paths.Values)
                {
                    path.Operations?.Remove(HttpMethod.Head);
                }

                foreach (var operation in document.Paths.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []))
                {
                    var bodies = operation.RequestBody?.Content?.Values ?? [];
                    var answers = operation.Responses?.Values.SelectMany(response => response.Content?.Values ?? []) ?? [];
                    foreach (var media in bodies.Concat(answers))
                    {
                        if (media.Schema is { } schema)
                        {
                            SnakeCase(schema);
                        }
                    }
                }

                document.Info.Title = "StatusHub management API";
                document.Info.Description =
                    "Components, incidents, draft incidents, incident templates, maintenance and subscribers, modelled on Statuspage's manage API. Send 'Authorization: Bearer <key>' " +
                    "(admins create keys under Staff → API keys, or with 'apikey create --name <name> --scope read|write'). Bodies wrap the object " +
                    "(\"component\", \"incident\", \"draft\", \"incident_template\", \"maintenance\", \"subscriber\"); answers are the public v2 objects; errors are RFC 7807 problem details.";
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    private static void SnakeCase(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema inline)
        {
            return;
        }

        if (inline.Properties is { Count: > 0 } properties)
        {
            var renamed = properties.ToList();
            properties.Clear();
            foreach (var (name, property) in renamed)
            {
                properties[JsonNamingPolicy.SnakeCaseLower.ConvertName(name)] = property;
                SnakeCase(property);
            }

            inline.Required = inline.Required?.Select(JsonNamingPolicy.SnakeCaseLower.ConvertName).ToHashSet();
        }

        if (inline.Items is { } items)
        {
            SnakeCase(items);
        }

        if (inline.AdditionalProperties is { } values)
        {
            SnakeCase(values);
        }
    }

    private static void NothingRequired(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchema inline)
        {
            inline.Required = null;
            foreach (var property in inline.Properties?.Values ?? [])
            {
                NothingRequired(property);
            }
        }
    }

    public static IEndpointRouteBuilder MapManageApi(this IEndpointRouteBuilder endpoints)
    {
        ManageEndpoints.Map(endpoints);
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        return endpoints;
    }
}
