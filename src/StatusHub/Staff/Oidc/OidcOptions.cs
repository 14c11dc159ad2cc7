namespace StatusHub.Staff.Oidc;

/// <summary>
/// <c>Staff:Oidc</c>: sign-in through a company's OpenID Connect provider, beside the local accounts. Off while
/// <see cref="Authority"/> is empty.
/// </summary>
public sealed class OidcOptions
{
    public const string Section = "Staff:Oidc";
    public const int MaxDisplayNameLength = 60;

    /// <summary>The provider's issuer address, whose <c>/.well-known/openid-configuration</c> describes it.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>A secret: from the environment or a file in <c>CREDENTIALS_DIRECTORY</c>. Empty for a public client (PKCE only).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Shown on the button: "Sign in with …".</summary>
    public string DisplayName { get; set; } = "SSO";

    /// <summary>Asked for besides <c>openid</c>; <c>profile</c> and <c>email</c> when none are listed.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The id_token claim whose values decide the role, e.g. <c>groups</c> or <c>roles</c>.</summary>
    public string RoleClaim { get; set; } = "groups";

    public List<string> AdminValues { get; set; } = [];

    public List<string> EditorValues { get; set; } = [];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);

    public IEnumerable<string> EffectiveScopes => Scopes.Count == 0 ? ["openid", "profile", "email"] : ["openid", .. Scopes.Where(s => s != "openid")];

    /// <summary>The role the claim values give, admin before editor; null when none of them is listed.</summary>
    public string? RoleFor(IEnumerable<string> claimValues)
    {
        var values = claimValues.ToHashSet(StringComparer.Ordinal);
        return AdminValues.Any(values.Contains) ? StaffRoles.Admin : EditorValues.Any(values.Contains) ? StaffRoles.Editor : null;
    }

    /// <summary>What is wrong with a configured provider, naming the key and what to put there; null when it can be used.</summary>
    public string? Problem()
    {
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            return $"Staff:Oidc:Authority must be the provider's https address (its issuer), e.g. https://login.example.com/realms/staff, not \"{Authority}\".";
        }

        if (authority.Scheme == "http" && !IsLoopback(authority))
        {
            return $"Staff:Oidc:Authority must be an https address: {Authority} would fetch the provider's keys over plain http. (http is accepted only for a provider on this machine's loopback, for tests.)";
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            return "Staff:Oidc:ClientId is empty: set it to the client id the provider gave StatusHub.";
        }

        if (string.IsNullOrWhiteSpace(RoleClaim))
        {
            return "Staff:Oidc:RoleClaim is empty: set it to the claim that carries groups or roles, e.g. groups.";
        }

        if (AdminValues.Count == 0 && EditorValues.Count == 0)
        {
            return $"Staff:Oidc:AdminValues and Staff:Oidc:EditorValues are both empty, so nobody could sign in: list the values of the {RoleClaim} claim that make an admin or an editor.";
        }

        if (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Length > MaxDisplayNameLength || DisplayName.Any(char.IsControl))
        {
            return $"Staff:Oidc:DisplayName must be a short name for the button (1 to {MaxDisplayNameLength} characters), e.g. Microsoft Entra.";
        }

        return null;
    }

    /// <summary>localhost, 127.0.0.0/8 or ::1.</summary>
    public static bool IsLoopback(Uri address) => address.IsLoopback;
}

/// <summary>The options as read at start, and what is wrong with them (null when nothing is).</summary>
public sealed record OidcSetup(OidcOptions Options, string? Problem);
