using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace StatusHub.Staff;

/// <summary>Re-checks the account behind an open staff page every minute, so disabling someone also closes pages they left open.</summary>
public sealed class StaffAuthenticationStateProvider(ILoggerFactory loggerFactory, StaffAccountService accounts)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(authenticationState.User.Identity?.IsAuthenticated != true || StaffSession.IsStillValid(authenticationState.User, accounts));
}
