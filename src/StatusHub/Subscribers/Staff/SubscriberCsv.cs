using System.Globalization;
using System.Text;
using StatusHub.Audit;
using StatusHub.Localization;
using StatusHub.Staff;
using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Subscribers.Staff;

/// <summary>CSV as spreadsheets read it (RFC 4180), with cells that a spreadsheet would run as a formula defused.</summary>
public static class SubscriberCsv
{
    /// <summary>The export's columns; an import reads <c>language</c> (empty: the page's) by the same name.</summary>
    public const string Header = "channel,address,state,all_components,component_ids,created_at,confirmed_at,language";

    public static string Line(SubscriberRow row)
    {
        var s = row.Subscriber;
        return string.Join(',',
            Cell(s.Channel),
            Cell(s.Address),
            Cell(row.State.ToString().ToLowerInvariant()),
            s.AllComponents ? "true" : "false",
            Cell(string.Join(';', s.ComponentIds)),
            Cell(Time(s.CreatedAt)),
            Cell(s.ConfirmedAt is { } confirmed ? Time(confirmed) : ""),
            Cell(s.Language ?? ""));
    }

    /// <summary>Quotes when needed; a leading = + - @ (or tab, CR) gets an apostrophe so the cell stays text.</summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>Records of a CSV text, each with the line it started on; quoted fields may hold commas, quotes and line breaks.</summary>
    public static IEnumerable<(int Line, List<string> Cells)> Read(TextReader reader)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            any = true;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        cell.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    cell.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when cell.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    yield return (start, cells);
                    cells = [];
                    any = false;
                    start = ++line;
                    break;
                default:
                    cell.Append((char)c);
                    break;
            }
        }

        if (any)
        {
            cells.Add(cell.ToString());
            yield return (start, cells);
        }
    }

    /// <summary>The index of the header cell named <paramref name="name"/> (any case, spaces around ignored); null when none is.</summary>
    public static int? Column(List<string> header, string name) =>
        header.FindIndex(c => c.Trim().Equals(name, StringComparison.OrdinalIgnoreCase)) is var index and >= 0 ? index : null;

    /// <summary>
    /// A row's optional <c>language</c> cell (<paramref name="column"/> null when the file has none): null for empty (the
    /// page's language), the supported code for "de" or "de-AT"; false, with the reason a row report shows, for anything else.
    /// </summary>
    public static bool TryLanguage(List<string> cells, int? column, out string? language, out string? reason)
    {
        var code = (column is { } index ? cells.ElementAtOrDefault(index) ?? "" : "").Trim();
        language = code.Length == 0 ? null : Languages.Normalize(code);
        reason = code.Length > 0 && language is null
            ? $"unknown language '{Ellipsis.Shorten(code, 20)}' (one of {string.Join(", ", Languages.Supported)}, or empty for the page's)"
            : null;
        return reason is null;
    }

    public static IEndpointRouteBuilder MapSubscriberExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/subscribers.csv", async (HttpContext http, SubscriberDirectory directory, LiteStore store, TimeProvider time) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            // Addresses are personal data: who took a copy is on record.
            store.Write(scope => scope.Audit(now, http.User.Identity?.Name ?? "unknown", "subscribers.exported", "subscriber:all"), affectsStatusPage: false);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"subscribers-{now:yyyyMMdd}.csv\"";
            http.Response.Headers.CacheControl = "no-store";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), bufferSize: 64 * 1024);
            writer.NewLine = "\r\n";
            await writer.WriteLineAsync(Header);
            foreach (var batch in directory.Batches())
            {
                foreach (var row in batch)
                {
                    await writer.WriteLineAsync(Line(row));
                }

                await writer.FlushAsync(http.RequestAborted);
            }
        }).RequireAuthorization(StaffRoles.StaffPolicy);
        return endpoints;
    }

    private static string Time(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
