using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace StatusHub.Staff;

/// <summary>
/// Re-checks the session behind an open staff page at once when its account or sessions change (signing out elsewhere,
/// "sign out everywhere", disabling the account), and every minute besides, so no page outlives its session.
/// </summary>
public sealed class StaffAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly StaffSessions _sessions;

    public StaffAuthenticationStateProvider(ILoggerFactory loggerFactory, StaffSessions sessions) : base(loggerFactory)
    {
        _sessions = sessions;
        _sessions.Changed += OnAccountChanged;
    }

    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(IsValid(authenticationState.User));

    protected override void Dispose(bool disposing)
    {
        _sessions.Changed -= OnAccountChanged;
        base.Dispose(disposing);
    }

    private bool IsValid(ClaimsPrincipal user) => user.Identity?.IsAuthenticated != true || StaffSession.IsStillValid(user, _sessions);

    private void OnAccountChanged(string accountId)
    {
        // A scope that never got a signed-in user (a plain request rather than a circuit) has nothing to re-check.
        Task<AuthenticationState> current;
        try
        {
            current = GetAuthenticationStateAsync();
        }
        catch (InvalidOperationException)
        {
            return;
        }

        if (current.IsCompletedSuccessfully && current.Result.User is var user && user.AccountId() == accountId && !IsValid(user))
        {
            SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        }
    }
}
