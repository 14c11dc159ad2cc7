using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace StatusHub.Staff.Oidc;

public enum SingleSignOnState
{
    Off,
    Misconfigured,
    Unavailable,
    Available,
}

/// <summary>
/// Whether "Sign in with …" can work right now: the provider's metadata and keys must be readable. A provider that is down
/// or answers nonsense makes the button say so, with one log line when that starts and one when it ends; the local form
/// never depends on it.
/// </summary>
public sealed class SingleSignOn(OidcSetup setup, IOptionsMonitor<OpenIdConnectOptions> schemes, ILogger<SingleSignOn> logger)
{
    /// <summary>The longest the login page waits for the provider's metadata before it calls it unavailable.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(3);

    private readonly Lock _lock = new();
    private SingleSignOnState? _reported;

    public string DisplayName => setup.Options.DisplayName;

    public async Task<SingleSignOnState> CheckAsync(CancellationToken cancellationToken)
    {
        if (!setup.Options.IsConfigured)
        {
            return SingleSignOnState.Off;
        }

        if (setup.Problem is not null)
        {
            return SingleSignOnState.Misconfigured;
        }

        try
        {
            // Cached by the handler's configuration manager; fetched again while it has none, so a provider that comes back is used at once.
            var manager = schemes.Get(OidcSignIn.Scheme).ConfigurationManager!;
            await manager.GetConfigurationAsync(CancellationToken.None).WaitAsync(MaxWait, cancellationToken);
            Report(SingleSignOnState.Available, null);
            return SingleSignOnState.Available;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Report(SingleSignOnState.Unavailable, ex);
            return SingleSignOnState.Unavailable;
        }
    }

    /// <summary>The sentence for the login page when the button cannot be used; null when it can.</summary>
    public string? Describe(SingleSignOnState state) => state switch
    {
        SingleSignOnState.Unavailable => $"Sign in with {DisplayName} is unavailable right now: the identity provider does not answer. Sign in with a local account instead.",
        SingleSignOnState.Misconfigured => $"Sign in with {DisplayName} is not available: its settings have a mistake, which the log names. Sign in with a local account instead.",
        _ => null,
    };

    /// <summary>At start: a misconfiguration at error level, and a first look at the provider, so the log tells before anyone tries.</summary>
    internal async Task CheckAtStartAsync(CancellationToken cancellationToken)
    {
        if (setup.Problem is { } problem)
        {
            logger.LogError("Single sign-on is off: {Problem} Local sign-in keeps working.", problem);
            return;
        }

        await Task.Yield();
        await CheckAsync(cancellationToken);
    }

    private void Report(SingleSignOnState state, Exception? failure)
    {
        lock (_lock)
        {
            if (_reported == state)
            {
                return;
            }

            _reported = state;
            if (failure is null)
            {
                logger.LogInformation("Single sign-on with {DisplayName} is available: read the identity provider's metadata from {Authority}.", DisplayName, setup.Options.Authority);
            }
            else
            {
                logger.LogWarning(
                    "Single sign-on with {DisplayName} is unavailable: cannot read the identity provider's metadata from {Authority}/.well-known/openid-configuration ({Reason}). Local sign-in keeps working. Check Staff:Oidc:Authority and that the provider answers from this machine.",
                    DisplayName, setup.Options.Authority!.TrimEnd('/'), Innermost(failure).Message);
            }
        }
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;
}

/// <summary>Runs <see cref="SingleSignOn.CheckAtStartAsync"/> once; the look at the provider does not hold up the start.</summary>
internal sealed class SingleSignOnStartCheck(SingleSignOn singleSignOn) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => singleSignOn.CheckAtStartAsync(stoppingToken);
}
