using LiteDB;
using StatusHub.Channels.Outbox;
using StatusHub.Storage;

namespace StatusHub.Subscribers.Staff;

/// <summary>What the staff list shows: pending, active and still delivering, or active but refusing deliveries for good.</summary>
public enum SubscriberListState
{
    Pending,
    Active,
    Failing,
}

/// <summary>A staff search: <paramref name="Search"/> is a prefix of the normalised address; <paramref name="Page"/> counts from 0.</summary>
public sealed record SubscriberFilter(string? Channel = null, SubscriberListState? State = null, string? Search = null, int Page = 0);

public sealed record SubscriberRow(Subscriber Subscriber, bool Failing)
{
    public SubscriberListState State => Subscriber.State == SubscriberState.Pending ? SubscriberListState.Pending
        : Failing ? SubscriberListState.Failing : SubscriberListState.Active;
}

public sealed record SubscriberPage(IReadOnlyList<SubscriberRow> Rows, bool HasNext);

/// <summary>
/// Staff reads over subscribers. Every query walks one index in the order it is shown (the id, "{channel}:{address}",
/// or the address when searching all channels), so a page stops after its rows instead of sorting 100,000.
/// </summary>
public sealed class SubscriberDirectory(LiteStore store)
{
    public const int PageSize = 50;
    public const int MaxSearchLength = SubscriberAddresses.MaxEmailLength;
    private const int ExportBatch = 1_000;

    public SubscriberPage Find(SubscriberFilter filter)
    {
        // Stored addresses hold no spaces (a number typed "+44 7700" is kept as "+447700"), so a search drops them too.
        var search = string.Concat((filter.Search ?? "").Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
        if (search.Length > MaxSearchLength)
        {
            search = search[..MaxSearchLength];
        }

        var query = store.Collection<Subscriber>().Query();
        var order = "_id";
        if (!string.IsNullOrEmpty(filter.Channel))
        {
            query = StartingWith(query, "_id", Subscriber.KeyFor(filter.Channel, search));
        }
        else if (search.Length > 0)
        {
            query = StartingWith(query, nameof(Subscriber.Address), search);
            order = nameof(Subscriber.Address);
        }

        if (filter.State is { } state)
        {
            // STRING(...) keeps the optimiser off the State index: that one would need a sort by the shown order.
            var stored = state == SubscriberListState.Pending ? SubscriberState.Pending : SubscriberState.Active;
            query = query.Where(BsonExpression.Create("STRING($.State) = @0", stored.ToString()));
            if (state != SubscriberListState.Pending)
            {
                var failing = new BsonArray(FailingIds().Select(id => new BsonValue(id)));
                query = query.Where(BsonExpression.Create("($._id IN @0) = @1", failing, state == SubscriberListState.Failing));
            }
        }

        var rows = query.OrderBy(BsonExpression.Create("$." + order)).Skip(Math.Max(0, filter.Page) * PageSize).Limit(PageSize + 1).ToList();
        return new SubscriberPage(rows.Take(PageSize).Select(RowOf).ToList(), rows.Count > PageSize);
    }

    /// <summary>
    /// Values of <paramref name="field"/> that start with <paramref name="prefix"/> as typed. LiteDB's LIKE, behind
    /// <see cref="Query.StartsWith"/>, has no escape for its wildcards % and _: the index seeks the text before the first
    /// of them, and the whole prefix is then compared as plain text.
    /// </summary>
    private static ILiteQueryable<Subscriber> StartingWith(ILiteQueryable<Subscriber> query, string field, string prefix)
    {
        var literal = prefix.IndexOfAny(['%', '_']) is var wildcard and >= 0 ? prefix[..wildcard] : prefix;
        if (literal.Length > 0)
        {
            query = query.Where(Query.StartsWith(field, literal));
        }

        return literal.Length == prefix.Length
            ? query
            : query.Where(BsonExpression.Create($"LENGTH($.{field}) >= @0 AND SUBSTRING($.{field}, 0, @0) = @1", prefix.Length, prefix));
    }

    /// <summary>One subscriber with its listed state, or null when there is none with this id.</summary>
    public SubscriberRow? Row(string id) => store.Collection<Subscriber>().FindById(id) is { } subscriber ? RowOf(subscriber) : null;

    private SubscriberRow RowOf(Subscriber subscriber) => new(
        subscriber,
        subscriber.State == SubscriberState.Active && store.Collection<FailingTarget>().FindById(FailingTarget.KeyFor(subscriber.Channel, subscriber.Address)) is not null);

    /// <summary>Every subscriber in id order, read a batch at a time so neither memory nor a read transaction grows with the list.</summary>
    public IEnumerable<IReadOnlyList<SubscriberRow>> Batches()
    {
        var failing = FailingIds().ToHashSet(StringComparer.Ordinal);
        var after = "";
        while (true)
        {
            var batch = store.Collection<Subscriber>().Query()
                .Where(Query.GT("_id", after))
                .OrderBy(BsonExpression.Create("$._id"))
                .Limit(ExportBatch)
                .ToList();
            if (batch.Count == 0)
            {
                yield break;
            }

            yield return batch.Select(s => new SubscriberRow(s, s.State == SubscriberState.Active && failing.Contains(s.Id))).ToList();
            after = batch[^1].Id;
        }
    }

    // A subscriber's failing target has the same key as the subscriber: "{channel}:{address}".
    private IEnumerable<string> FailingIds() => store.Collection<FailingTarget>().FindAll().Select(f => f.Id);
}
