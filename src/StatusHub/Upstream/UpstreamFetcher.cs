using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using StatusHub.StatusComponents;

namespace StatusHub.Upstream;

/// <summary>One component of the upstream page, as its JSON lists it.</summary>
public sealed record UpstreamComponent(string Id, string Name, string Status, bool IsGroup, DateTime? UpdatedAt)
{
    /// <summary>Statuspage's statuses are ours by name; anything else is an error, never a guess.</summary>
    public ComponentStatus? Mirrored => ComponentStatusNames.TryParse(Status, out var status) ? status : null;
}

/// <summary>What an upstream page said: its name and its components.</summary>
public sealed record UpstreamPage(string Name, IReadOnlyList<UpstreamComponent> Components)
{
    public UpstreamComponent? Find(string id) => Components.FirstOrDefault(c => c.Id == id);
}

/// <summary>The outcome of one request: a page, "not modified" (304), or an error sentence for staff.</summary>
public sealed record UpstreamFetch(UpstreamPage? Page, bool NotModified, string? ETag, string? LastModified, string? Error);

/// <summary>Reads a Statuspage v2 summary.json or components.json with conditional requests and a size cap.</summary>
public sealed class UpstreamFetcher(IHttpClientFactory clients)
{
    public const string HttpClientName = "upstream";
    public const int MaxResponseBytes = 1024 * 1024;
    public const int MaxComponents = 2000;

    /// <summary>A page address as staff type it, made into the JSON document to poll; a clear error when it cannot be one.</summary>
    public static string JsonUrl(string? typed)
    {
        var text = (typed ?? "").Trim();
        if (text.Length == 0)
        {
            throw new Storage.ValidationException("The upstream page URL is required.");
        }

        if (text.Length > UpstreamLink.MaxUrlLength)
        {
            throw new Storage.ValidationException($"The upstream page URL is too long: {text.Length} characters, at most {UpstreamLink.MaxUrlLength}.");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0 || text.Any(char.IsControl))
        {
            throw new Storage.ValidationException("The upstream page URL must be an http:// or https:// address without a user name, e.g. https://status.example.com.");
        }

        if (uri.AbsolutePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return uri.GetLeftPart(UriPartial.Path);
        }

        return new Uri(new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/"), "api/v2/summary.json").ToString();
    }

    public async Task<UpstreamFetch> FetchAsync(string url, string? etag, string? lastModified, CancellationToken cancel)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
            {
                request.Headers.IfNoneMatch.Add(tag);
            }

            if (lastModified is not null && DateTimeOffset.TryParse(lastModified, out var since))
            {
                request.Headers.IfModifiedSince = since;
            }

            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new UpstreamFetch(null, true, etag, lastModified, null);
            }

            if (!response.IsSuccessStatusCode)
            {
                return Failed($"the upstream answered HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                return Failed($"the upstream answer is larger than {MaxResponseBytes / 1024} KiB");
            }

            var body = await ReadCappedAsync(response.Content, cancel);
            if (body is null)
            {
                return Failed($"the upstream answer is larger than {MaxResponseBytes / 1024} KiB");
            }

            var page = Parse(body);
            return page is null
                ? Failed("the upstream answer is not Statuspage v2 JSON (no page and components)")
                : new UpstreamFetch(page, false, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"), null);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return Failed("the upstream did not answer in time");
        }
        catch (HttpRequestException ex)
        {
            return Failed($"the upstream could not be reached: {StatusHub.Text.ExceptionText.Describe(ex)}");
        }
        catch (JsonException)
        {
            return Failed("the upstream answer is not valid JSON");
        }
    }

    private static UpstreamFetch Failed(string error) => new(null, false, null, null, error);

    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, CancellationToken cancel)
    {
        await using var stream = await content.ReadAsStreamAsync(cancel);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancel)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static UpstreamPage? Parse(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("components", out var list) || list.ValueKind != JsonValueKind.Array
            || !root.TryGetProperty("page", out var page) || page.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var components = new List<UpstreamComponent>();
        foreach (var item in list.EnumerateArray().Take(MaxComponents))
        {
            if (item.ValueKind == JsonValueKind.Object && Text(item, "id") is { } id && Text(item, "status") is { } status)
            {
                var updated = Text(item, "updated_at") is { } at && DateTimeOffset.TryParse(at, out var parsed) ? parsed.UtcDateTime : (DateTime?)null;
                var isGroup = item.TryGetProperty("group", out var group) && group.ValueKind == JsonValueKind.True;
                components.Add(new UpstreamComponent(id, Text(item, "name") ?? id, status, isGroup, updated));
            }
        }

        return new UpstreamPage(Text(page, "name") ?? "", components);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
