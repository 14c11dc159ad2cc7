using StatusHub.Channels;
using StatusHub.Localization;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Subscribers.Staff;

/// <summary>A row that was not imported: its line in the file, what it held, and why.</summary>
public sealed record ImportReject(int Row, string Value, string Reason);

public sealed record ImportReport(int Added, IReadOnlyList<ImportReject> Rejects);

/// <summary>How far an import is: <paramref name="Done"/> of <paramref name="Total"/> valid rows written, <paramref name="Added"/> of them new.</summary>
public readonly record struct ImportProgress(int Done, int Total, int Added);

/// <summary>
/// A customer list imported as already-confirmed email subscribers: a CSV with an <c>email</c> column and optional
/// <c>components</c> (ids separated by ";"; empty means all components) and <c>language</c> (en, de, fr or es; empty
/// means the status page's) columns, or one header-less column of addresses.
/// </summary>
public sealed class SubscriberImport(SubscriberService subscribers, ComponentService components)
{
    public const long MaxFileBytes = 5 * 1024 * 1024;

    /// <summary>
    /// Rows written per transaction: each holds the store's write lock for a fraction of a second, so an incident
    /// published during a 100,000-row import waits for one batch, not for the whole file.
    /// </summary>
    public const int BatchRows = 5_000;

    /// <summary>
    /// Reads the whole file (nothing is written when it cannot be read), then adds the valid rows batch after batch.
    /// Rows already written stay if a later batch fails; importing the same file again adds only the rest.
    /// </summary>
    public ImportReport Import(TextReader csv, string actor, IProgress<ImportProgress>? progress = null)
    {
        var known = components.All().Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var rejects = new List<ImportReject>();
        var rows = new List<(int Row, ConfirmedSubscriber Subscriber)>();
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        int? emailColumn = null;
        int? componentsColumn = null;
        int? languageColumn = null;
        foreach (var (line, cells) in SubscriberCsv.Read(csv))
        {
            if (emailColumn is null)
            {
                var header = SubscriberCsv.Column(cells, "email");
                emailColumn = header ?? 0;
                componentsColumn = SubscriberCsv.Column(cells, "components");
                languageColumn = SubscriberCsv.Column(cells, "language");
                if (header is not null)
                {
                    continue;
                }
            }

            var value = cells.ElementAtOrDefault(emailColumn.Value)?.Trim() ?? "";
            if (value.Length == 0 && cells.All(c => c.Trim().Length == 0))
            {
                continue;
            }

            string address;
            try
            {
                address = SubscriberAddresses.Normalise(ChannelNames.Email, value);
            }
            catch (ValidationException)
            {
                rejects.Add(new(line, Ellipsis.Shorten(value, 80), "not an email address"));
                continue;
            }

            var ids = (componentsColumn is { } at ? cells.ElementAtOrDefault(at) ?? "" : "")
                .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (ids.FirstOrDefault(id => !known.Contains(id)) is { } unknown)
            {
                rejects.Add(new(line, Ellipsis.Shorten(value, 80), $"unknown component '{Ellipsis.Shorten(unknown, 80)}'"));
                continue;
            }

            if (!SubscriberCsv.TryLanguage(cells, languageColumn, out var language, out var unknownLanguage))
            {
                rejects.Add(new(line, Ellipsis.Shorten(value, 80), unknownLanguage!));
                continue;
            }

            if (!firstRow.TryAdd(address, line))
            {
                rejects.Add(new(line, Ellipsis.Shorten(value, 80), $"duplicate of row {firstRow[address]}"));
                continue;
            }

            rows.Add((line, new ConfirmedSubscriber(address, ids.Length == 0, ids, language)));
        }

        var skipped = new HashSet<string>(StringComparer.Ordinal);
        var done = 0;
        progress?.Report(new ImportProgress(0, rows.Count, 0));
        foreach (var batch in rows.Chunk(BatchRows))
        {
            skipped.UnionWith(subscribers.AddConfirmedBulk(ChannelNames.Email, batch.Select(r => r.Subscriber).ToList(), actor, audit: false));
            done += batch.Length;
            progress?.Report(new ImportProgress(done, rows.Count, done - skipped.Count));
        }

        rejects.AddRange(rows.Where(r => skipped.Contains(r.Subscriber.Address)).Select(r => new ImportReject(r.Row, r.Subscriber.Address, "already subscribed")));
        var report = new ImportReport(rows.Count - skipped.Count, rejects.OrderBy(r => r.Row).ToList());
        if (report.Added > 0)
        {
            subscribers.RecordImport(ChannelNames.Email, report.Added, report.Rejects.Count, actor);
        }

        return report;
    }
}
