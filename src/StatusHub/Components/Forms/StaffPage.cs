using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using StatusHub.Storage;

namespace StatusHub.Components.Forms;

/// <summary>Why a write did not happen, in words for the person who asked for it.</summary>
/// <param name="WhatHappened">For a conflict, what happened without the advice to reload.</param>
public sealed record Refusal(string Message, bool IsConflict, string? WhatHappened = null)
{
    /// <summary>The conflict as told by a page that has just shown the latest version and kept what was typed.</summary>
    public Refusal ShowingLatest() =>
        IsConflict ? this with { Message = $"{WhatHappened ?? Message} The page now shows the latest version; what you typed is still here." } : this;
}

/// <summary>
/// Base of the interactive staff pages: knows who is signed in (the actor every write is audited under),
/// the browser's time zone, and turns a refused write into a message instead of a crashed circuit.
/// </summary>
public abstract class StaffPage : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<StaffPage> Logger { get; set; } = default!;

    /// <summary>UTC until the browser has answered, which it can only do once the page is interactive.</summary>
    protected TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            Zone = await BrowserTimeZone.DetectAsync(JS);
            if (Zone != TimeZoneInfo.Utc)
            {
                StateHasChanged();
            }
        }
    }

    /// <summary>Runs one write as the signed-in user; null when it was saved.</summary>
    protected Task<Refusal?> TryWriteAsync(Action<string> write) =>
        TryWriteAsync(actor =>
        {
            write(actor);
            return Task.CompletedTask;
        });

    /// <summary>
    /// Runs one write only an admin may make (<paramref name="what"/>: "probes", "webhook endpoints"); the page shows its
    /// buttons to admins only, and this holds even for a circuit that kept them after a role change.
    /// </summary>
    protected async Task<Refusal?> TryAdminWriteAsync(string what, Action<string> write)
    {
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        return user?.IsInRole(Staff.StaffRoles.Admin) == true
            ? await TryWriteAsync(write)
            : new Refusal($"Only an admin can change {what}.", IsConflict: false);
    }

    /// <summary>Runs one write that waits on something (a verification ping) as the signed-in user; null when it was saved.</summary>
    protected async Task<Refusal?> TryWriteAsync(Func<string, Task> write)
    {
        try
        {
            await write(await ActorAsync());
            return null;
        }
        catch (ConcurrencyConflictException ex)
        {
            return new Refusal(ex.Message, IsConflict: true, ex.WhatHappened);
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException or ConflictException or ReadOnlyException)
        {
            return new Refusal(ex.Message, IsConflict: false);
        }
        catch (Exception ex)
        {
            // Anything else is a bug or a broken disk, not bad input; keep the circuit (and what the user typed) alive.
            Logger.LogError(ex, "A staff page write failed");
            return new Refusal("Saving failed unexpectedly and the error was logged. Reload the page to see what was saved.", IsConflict: false);
        }
    }

    private async Task<string> ActorAsync()
    {
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        return user?.FindFirst(ClaimTypes.Name)?.Value is { Length: > 0 } email
            ? email
            : throw new ValidationException("Your sign-in does not say who you are, so the change cannot be recorded. Sign out and sign in again.");
    }
}
