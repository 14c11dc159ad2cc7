using Microsoft.AspNetCore.Authorization;

namespace StatusHub.Staff.TwoFactor;

/// <summary>Lets a staff policy pass unless the account must enrol a second factor first (<see cref="SecondFactors.MustEnrol"/>).</summary>
public sealed class SecondFactorHandler(SecondFactors factors) : AuthorizationHandler<SecondFactorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SecondFactorRequirement requirement)
    {
        // A principal naming no staff account (never the sign-in cookie's) has nothing to enrol; the roles still decide.
        if (context.User.AccountId() is not { } id || !factors.MustEnrol(id))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
