using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StatusHub.Channels.Social;

/// <summary>The JSON sent to the platforms and read from them, without trusting an answer's size or its shape.</summary>
public static class SocialAnswers
{
    /// <summary>A JSON body with its length said up front: a streamed (chunked) body is one more thing a server or proxy may refuse.</summary>
    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

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
