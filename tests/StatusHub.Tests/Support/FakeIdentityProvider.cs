using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace StatusHub.Tests.Support;

/// <summary>The person the identity provider signs in next: their <c>sub</c>, email, name and group (or role) values.</summary>
public sealed record IdentityProviderUser(string Subject, string Email, string Name, params string[] Groups);

/// <summary>
/// An OpenID Connect provider on 127.0.0.1 (Kestrel, port 0) speaking the authorization code flow with PKCE as OpenID Connect
/// Core 1.0 and RFC 7636 describe it: discovery at <c>/.well-known/openid-configuration</c>, an RSA key made here published
/// at <c>/jwks</c>, <c>/authorize</c> that signs <see cref="NextUser"/> in at once and redirects back with a code, and
/// <c>/token</c> that checks the client, the redirect URI and the code verifier and answers an RS256 id_token carrying the
/// nonce. Everything is hand-made, so the fake shares no code with the library it tests.
/// </summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "statushub";
    public const string ClientSecret = "fake-idp-client-secret";
    public const string GroupsClaim = "groups";
    private const string KeyId = "fake-idp-key-1";

    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _tokenRequests = new();

    private FakeIdentityProvider(WebApplication app) => _app = app;

    /// <summary>The issuer and authority, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string Authority { get; private set; } = "";

    /// <summary>Who <c>/authorize</c> signs in.</summary>
    public IdentityProviderUser NextUser { get; set; } = new("user-1", "someone@example.com", "Some One");

    /// <summary>When set, discovery answers this instead of its metadata (bad metadata).</summary>
    public string? BrokenMetadata { get; set; }

    /// <summary>The form bodies of every request to <c>/token</c>, as sent.</summary>
    public IReadOnlyList<string> TokenRequests => [.. _tokenRequests];

    public static async Task<FakeIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var idp = new FakeIdentityProvider(app);
        app.MapGet("/.well-known/openid-configuration", idp.Discovery);
        app.MapGet("/jwks", idp.Jwks);
        app.MapGet("/authorize", idp.Authorize);
        app.MapPost("/token", idp.TokenAsync);
        await app.StartAsync();
        idp.Authority = app.Urls.First().TrimEnd('/');
        return idp;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
    }

    private IResult Discovery() =>
        BrokenMetadata is { } broken
            ? Results.Text(broken, "application/json")
            : Results.Json(new JsonObject
            {
                ["issuer"] = Authority,
                ["authorization_endpoint"] = $"{Authority}/authorize",
                ["token_endpoint"] = $"{Authority}/token",
                ["jwks_uri"] = $"{Authority}/jwks",
                ["response_types_supported"] = new JsonArray("code"),
                ["subject_types_supported"] = new JsonArray("public"),
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["scopes_supported"] = new JsonArray("openid", "profile", "email"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "client_secret_basic"),
                ["code_challenge_methods_supported"] = new JsonArray("S256"),
            });

    private IResult Jwks()
    {
        var key = _key.ExportParameters(includePrivateParameters: false);
        return Results.Json(new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = KeyId,
                ["n"] = Base64Url(key.Modulus!),
                ["e"] = Base64Url(key.Exponent!),
            }),
        });
    }

    /// <summary>Signs <see cref="NextUser"/> in without asking, then redirects back with a one-time code (section 3.1.2.5).</summary>
    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        if (query["response_type"] != "code" || query["client_id"] != ClientId || query["code_challenge_method"] != "S256"
            || string.IsNullOrEmpty(query["code_challenge"]) || string.IsNullOrEmpty(query["redirect_uri"]) || !$"{query["scope"]}".Split(' ').Contains("openid"))
        {
            return Results.BadRequest($"unexpected authorization request: {request.QueryString}");
        }

        var code = Base64Url(RandomNumberGenerator.GetBytes(24));
        _grants[code] = new Grant(NextUser, query["redirect_uri"]!, query["code_challenge"]!, query["nonce"]);
        var back = $"{query["redirect_uri"]}?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(query["state"].ToString())}";
        return Results.Redirect(back);
    }

    /// <summary>Trades a code for tokens once (section 3.1.3), checking the client secret and the PKCE verifier.</summary>
    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        _tokenRequests.Enqueue(string.Join('&', form.Select(f => $"{f.Key}={f.Value}")));
        var clientSecret = form["client_secret"].ToString();
        if (request.Headers.Authorization.ToString() is ['B', 'a', 's', 'i', 'c', ' ', .. var basic])
        {
            clientSecret = Encoding.UTF8.GetString(Convert.FromBase64String(basic)).Split(':', 2)[1];
        }

        if (form["grant_type"] != "authorization_code" || clientSecret != ClientSecret)
        {
            return Error("invalid_client");
        }

        if (!_grants.TryRemove(form["code"].ToString(), out var grant) || form["redirect_uri"] != grant.RedirectUri
            || Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.CodeChallenge)
        {
            return Error("invalid_grant");
        }

        return Results.Json(new JsonObject
        {
            ["access_token"] = Base64Url(RandomNumberGenerator.GetBytes(24)),
            ["token_type"] = "Bearer",
            ["expires_in"] = 300,
            ["id_token"] = IdToken(grant),
        });
    }

    private string IdToken(Grant grant)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = KeyId };
        var payload = new JsonObject
        {
            ["iss"] = Authority,
            ["sub"] = grant.User.Subject,
            ["aud"] = ClientId,
            ["iat"] = now,
            ["exp"] = now + 300,
            ["email"] = grant.User.Email,
            ["name"] = grant.User.Name,
            [GroupsClaim] = new JsonArray([.. grant.User.Groups.Select(g => JsonValue.Create(g))]),
        };
        if (grant.Nonce is { } nonce)
        {
            payload["nonce"] = nonce;
        }

        var signed = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload))}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64Url(signature)}";
    }

    private static IResult Error(string error) => Results.Json(new JsonObject { ["error"] = error }, statusCode: StatusCodes.Status400BadRequest);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Grant(IdentityProviderUser User, string RedirectUri, string CodeChallenge, string? Nonce);
}
