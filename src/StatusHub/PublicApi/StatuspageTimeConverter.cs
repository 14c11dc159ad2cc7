using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StatusHub.PublicApi;

/// <summary>Statuspage's time format for a page in Etc/UTC: milliseconds and a Z ("2026-11-23T20:31:09.123Z").</summary>
public sealed class StatuspageTimeConverter : JsonConverter<DateTime>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().UtcDateTime;

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture));
}
