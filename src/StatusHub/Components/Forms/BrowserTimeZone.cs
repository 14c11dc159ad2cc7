using System.Globalization;
using Microsoft.JSInterop;

namespace StatusHub.Components.Forms;

/// <summary>What the browser says about its zone: an IANA id when Intl knows one, and today's offset in case the server does not know that id.</summary>
public sealed record BrowserZone(string? Id, int OffsetMinutes);

/// <summary>Staff type and read times in their browser's zone; storage stays UTC.</summary>
public static class BrowserTimeZone
{
    public const string ModulePath = "./js/admin.js";

    public const string LocalInputFormat = "yyyy-MM-dd'T'HH:mm";

    /// <summary>Asks the browser for its zone; UTC while it cannot answer (prerendering, a dropped circuit).</summary>
    public static async Task<TimeZoneInfo> DetectAsync(IJSRuntime js)
    {
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
            return Resolve(await module.InvokeAsync<BrowserZone?>("timeZone"));
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or OperationCanceledException or InvalidOperationException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    /// <summary>The named zone keeps daylight-saving changes right for other dates; the fixed offset is the fallback.</summary>
    public static TimeZoneInfo Resolve(BrowserZone? zone)
    {
        if (zone is null)
        {
            return TimeZoneInfo.Utc;
        }

        if (!string.IsNullOrWhiteSpace(zone.Id) && TimeZoneInfo.TryFindSystemTimeZoneById(zone.Id, out var named))
        {
            return named;
        }

        if (zone.OffsetMinutes == 0 || Math.Abs(zone.OffsetMinutes) > 14 * 60)
        {
            return TimeZoneInfo.Utc;
        }

        var offset = TimeSpan.FromMinutes(zone.OffsetMinutes);
        var name = $"UTC{FormatOffset(offset)}";
        return TimeZoneInfo.CreateCustomTimeZone(name, offset, name, name);
    }

    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            // A wall-clock time skipped by a daylight-saving jump: read it with the offset in force before the jump, as browsers do.
            var before = zone.GetUtcOffset(unspecified.AddHours(-3));
            return DateTime.SpecifyKind(unspecified - before, DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
    }

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>"Europe/Berlin (UTC+01:00)", with the offset in force at <paramref name="utc"/>.</summary>
    public static string Describe(TimeZoneInfo zone, DateTime utc)
    {
        var offset = zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        return zone == TimeZoneInfo.Utc ? "UTC" : zone.Id.StartsWith("UTC", StringComparison.Ordinal) ? zone.Id : $"{zone.Id} (UTC{FormatOffset(offset)})";
    }

    public static string Format(DateTime utc, TimeZoneInfo zone) =>
        ToLocal(utc, zone).ToString("MMM d, yyyy HH:mm", CultureInfo.InvariantCulture);

    private static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
