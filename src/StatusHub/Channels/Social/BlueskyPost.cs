using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using StatusHub.Channels.Outbox;

namespace StatusHub.Channels.Social;

/// <summary>
/// The <c>app.bsky.feed.post</c> record for one delivery: the text, its links as facets (UTF-8 byte offsets, as the
/// AT Protocol counts), the link card, and the reply to the incident's first post.
/// </summary>
public static class BlueskyPost
{
    public const string Collection = "app.bsky.feed.post";
    private const string TidAlphabet = "234567abcdefghijklmnopqrstuvwxyz";

    /// <summary>"at://… cid": what a later reply needs of a post, kept as the delivery's external id.</summary>
    public static string ExternalId(string uri, string cid) => $"{uri} {cid}";

    /// <param name="language">The post's language (ISO 639-1) for <c>langs</c>, so feeds and clients filter it as what it is.</param>
    public static JsonObject Record(ChannelMessage message, string? threadExternalId, string language, DateTimeOffset now)
    {
        var record = new JsonObject
        {
            ["$type"] = Collection,
            ["text"] = message.Text,
            ["langs"] = new JsonArray(language),
            ["createdAt"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        var facets = new JsonArray([.. Facets(message.Text)]);
        if (facets.Count > 0)
        {
            record["facets"] = facets;
        }

        if (message.Card is { } card)
        {
            record["embed"] = new JsonObject
            {
                ["$type"] = "app.bsky.embed.external",
                ["external"] = new JsonObject { ["uri"] = card.Uri, ["title"] = card.Title, ["description"] = card.Description },
            };
        }

        if (Reference(threadExternalId) is { } root)
        {
            // Every update answers the first post, so the thread reads as the incident's timeline under it.
            record["reply"] = new JsonObject { ["root"] = root, ["parent"] = root.DeepClone() };
        }

        return record;
    }

    /// <summary>
    /// The record key for a delivery: a TID made from when it was queued and its id, the same at every attempt, so a
    /// retry can ask whether the post already went out under it before creating it again.
    /// </summary>
    public static string RecordKey(Delivery delivery)
    {
        var queued = delivery.CreatedAt.Kind == DateTimeKind.Local ? delivery.CreatedAt.ToUniversalTime() : delivery.CreatedAt;
        var microseconds = (queued.Ticks - DateTime.UnixEpoch.Ticks) / 10;
        var clock = (long)(BitConverter.ToUInt16(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(delivery.Id))) & 0x3FF);
        var value = ((microseconds & ((1L << 53) - 1)) << 10) | clock;
        var key = new char[13];
        for (var i = key.Length - 1; i >= 0; i--)
        {
            key[i] = TidAlphabet[(int)(value & 31)];
            value >>= 5;
        }

        return new string(key);
    }

    private static IEnumerable<JsonNode> Facets(string text) =>
        SocialText.Links(text).Select(link =>
        {
            var start = Encoding.UTF8.GetByteCount(text.AsSpan(0, link.Start));
            return (JsonNode)new JsonObject
            {
                ["index"] = new JsonObject { ["byteStart"] = start, ["byteEnd"] = start + Encoding.UTF8.GetByteCount(text.AsSpan(link.Start, link.End - link.Start)) },
                ["features"] = new JsonArray(new JsonObject { ["$type"] = "app.bsky.richtext.facet#link", ["uri"] = link.Uri }),
            };
        });

    /// <summary>The <c>com.atproto.repo.strongRef</c> (uri and cid) of a post from its external id.</summary>
    private static JsonObject? Reference(string? externalId) =>
        externalId?.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries) is [var uri, var cid]
            ? new JsonObject { ["uri"] = uri, ["cid"] = cid }
            : null;
}
