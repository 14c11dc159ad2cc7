using StatusHub.Channels;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Subscribers.Staff;

/// <summary>A row that was not imported: its line in the file, what it held, and why.</summary>
public sealed record ImportReject(int Row, string Value, string Reason);

public sealed record ImportReport(int Added, IReadOnlyList<ImportReject> Rejects);

/// <summary>
/// A customer list imported as already-confirmed email subscribers: a CSV with an <c>email</c> column and an optional
/// <c>components</c> column (ids separated by ";"; empty means all components), or one header-less column of addresses.
/// </summary>
public sealed class SubscriberImport(SubscriberService subscribers, ComponentService components)
{
    public const long MaxFileBytes = 5 * 1024 * 1024;

    public ImportReport Import(TextReader csv, string actor)
    {
        var known = components.All().Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var rejects = new List<ImportReject>();
        var rows = new List<(int Row, ConfirmedSubscriber Subscriber)>();
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        int? emailColumn = null;
        int? componentsColumn = null;
        foreach (var (line, cells) in SubscriberCsv.Read(csv))
        {
            if (emailColumn is null)
            {
                var header = cells.FindIndex(c => c.Trim().Equals("email", StringComparison.OrdinalIgnoreCase));
                emailColumn = Math.Max(0, header);
                var named = cells.FindIndex(c => c.Trim().Equals("components", StringComparison.OrdinalIgnoreCase));
                componentsColumn = named >= 0 ? named : null;
                if (header >= 0)
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
                rejects.Add(new(line, Shorten(value), "not an email address"));
                continue;
            }

            var ids = (componentsColumn is { } at ? cells.ElementAtOrDefault(at) ?? "" : "")
                .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (ids.FirstOrDefault(id => !known.Contains(id)) is { } unknown)
            {
                rejects.Add(new(line, Shorten(value), $"unknown component '{Shorten(unknown)}'"));
                continue;
            }

            if (!firstRow.TryAdd(address, line))
            {
                rejects.Add(new(line, Shorten(value), $"duplicate of row {firstRow[address]}"));
                continue;
            }

            rows.Add((line, new ConfirmedSubscriber(address, ids.Length == 0, ids)));
        }

        var skipped = rows.Count == 0 ? new HashSet<string>() : subscribers.AddConfirmedBulk(ChannelNames.Email, rows.Select(r => r.Subscriber).ToList(), actor);
        rejects.AddRange(rows.Where(r => skipped.Contains(r.Subscriber.Address)).Select(r => new ImportReject(r.Row, r.Subscriber.Address, "already subscribed")));
        return new ImportReport(rows.Count - skipped.Count, rejects.OrderBy(r => r.Row).ToList());
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
