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
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
                    };
                }
            });
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "StatusHub management API";
                document.Info.Description =
                    "Components, incidents, incident templates, maintenance and subscribers, modelled on Statuspage's manage API. Send 'Authorization: Bearer <key>' " +
                    "(admins create keys under Staff → API keys, or with 'apikey create --name <name> --scope read|write'). Bodies wrap the object " +
                    "(\"component\", \"incident\", \"incident_template\", \"maintenance\", \"subscriber\"); answers are the public v2 objects; errors are RFC 7807 problem details.";
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapManageApi(this IEndpointRouteBuilder endpoints)
    {
        ManageEndpoints.Map(endpoints);
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        return endpoints;
    }
}
