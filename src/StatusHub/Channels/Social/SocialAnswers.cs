using System.Text.Json;

namespace StatusHub.Channels.Social;

/// <summary>Reading the JSON the platforms answer with, without trusting its size or its shape.</summary>
public static class SocialAnswers
{
    public static async Task<string> ReadAsync(HttpResponseMessage response, int maxChars, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var buffer = new char[maxChars];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        return new string(buffer, 0, read);
    }

    /// <summary>The string (or number, as text) <paramref name="property"/> of a JSON object, or null when the body is not that.</summary>
    public static string? String(string body, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value)
                ? value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number => value.GetRawText(),
                    _ => null,
                }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
