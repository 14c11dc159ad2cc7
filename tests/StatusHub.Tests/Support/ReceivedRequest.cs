using System.Text.Json;

namespace StatusHub.Tests.Support;

/// <summary>One request a local HTTP peer (HttpReceiver, HttpTarget) accepted.</summary>
/// <param name="Query">The query string with its "?", as HttpTarget keeps it; empty where a peer does not.</param>
public sealed record ReceivedRequest(string Path, string Body, IReadOnlyDictionary<string, string> Headers, string Method = "POST", string Query = "")
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";

    /// <summary>The body's fields, for a form-encoded request.</summary>
    public IReadOnlyDictionary<string, string> Form =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Body).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);

    /// <summary>One field of the query string, or null.</summary>
    public string? QueryValue(string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query).TryGetValue(name, out var value) ? value.ToString() : null;
}
