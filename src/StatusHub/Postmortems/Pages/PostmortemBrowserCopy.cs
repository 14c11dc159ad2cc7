using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace StatusHub.Postmortems.Pages;

/// <summary>
/// The copy of the editor's text this browser keeps in localStorage (postmortem-editor.js) until the server has it,
/// so text typed while the connection was down can be restored on reopening. Every call is best effort: without a
/// browser copy (prerendering, storage blocked, circuit gone) saving to the server goes on as usual.
/// </summary>
public sealed class PostmortemBrowserCopy(IJSRuntime browser, string postmortemId) : IAsyncDisposable
{
    public const string ModulePath = "./js/postmortem-editor.js";

    private IJSObjectReference? _module;

    /// <summary>What postmortem-editor.js kept: input ids to text.</summary>
    public sealed record Kept(DateTime At, Dictionary<string, string> Fields);

    public bool Attached => _module is not null;

    private string StorageKey => $"statushub.postmortem.{postmortemId}";

    /// <summary>Starts keeping the inputs in <paramref name="fields"/>; returns what an earlier visit kept when it differs from <paramref name="current"/>, and forgets it when it does not.</summary>
    public async Task<Kept?> AttachAsync(ElementReference fields, IReadOnlyDictionary<string, string> current)
    {
        Kept? differing = null;
        try
        {
            _module = await browser.InvokeAsync<IJSObjectReference>("import", ModulePath);
            var kept = await _module.InvokeAsync<Kept?>("read", StorageKey);
            if (kept?.Fields is { Count: > 0 } keptFields && keptFields.Any(f => current.GetValueOrDefault(f.Key) != f.Value))
            {
                differing = kept;
            }
            else if (kept is not null)
            {
                await _module.InvokeVoidAsync("forget", StorageKey);
            }

            await _module.InvokeVoidAsync("keep", StorageKey, fields);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or OperationCanceledException or InvalidOperationException)
        {
        }

        return differing;
    }

    /// <summary>The server now holds <paramref name="saved"/>: the browser forgets its copy unless more was typed since.</summary>
    public Task SettleAsync(IReadOnlyDictionary<string, string> saved) => CallAsync("settle", saved);

    public Task ForgetAsync() => CallAsync("forget");

    private async Task CallAsync(string function, params object?[] args)
    {
        try
        {
            if (_module is not null)
            {
                await _module.InvokeVoidAsync(function, [StorageKey, .. args]);
            }
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }
}
