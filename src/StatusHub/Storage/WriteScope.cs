using LiteDB;

namespace StatusHub.Storage;

/// <summary>What a write may do inside its transaction.</summary>
public sealed class WriteScope(LiteStore store) : IDocumentReader
{
    private HashSet<string>? _signals;

    internal IEnumerable<string> Signals => _signals ?? [];

    public ILiteCollection<T> Collection<T>() => store.Collection<T>();

    /// <summary>Raises <see cref="LiteStore.Signalled"/> with <paramref name="name"/> once this write commits (never if it rolls back).</summary>
    public void Signal(string name) => (_signals ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);

    /// <summary>Reserves <paramref name="count"/> numbers of a named, persisted, strictly increasing sequence; returns the first.</summary>
    public long NextSequence(string name, int count)
    {
        var sequences = store.Database.GetCollection("sequence");
        var current = sequences.FindById(name)?["Value"].AsInt64 ?? 0;
        sequences.Upsert(new BsonDocument { ["_id"] = name, ["Value"] = current + count });
        return current + 1;
    }

    public T Insert<T>(T document) where T : IVersioned
    {
        var bson = FirstVersion(document);
        store.Database.GetCollection(CollectionNames.For<T>()).Insert(bson);
        return store.Mapper.ToObject<T>(bson);
    }

    /// <summary><see cref="Insert"/> for many documents, written in batches of <paramref name="batchSize"/>.</summary>
    public void InsertBulk<T>(IEnumerable<T> documents, int batchSize) where T : IVersioned =>
        store.Database.GetCollection(CollectionNames.For<T>()).InsertBulk(documents.Select(FirstVersion), batchSize);

    /// <summary>
    /// Saves <paramref name="document"/> if nobody saved it since it was read (its <c>Version</c> is still the stored one)
    /// and returns it with the next version; otherwise throws <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    public T Update<T>(T document, string what) where T : IVersioned
    {
        var collection = store.Database.GetCollection(CollectionNames.For<T>());
        var current = collection.FindById(document.Id) ?? throw new NotFoundException($"{what} no longer exists.");
        var storedVersion = current["Version"].AsInt32;
        if (storedVersion != document.Version)
        {
            throw new ConcurrencyConflictException(what, document.Version, storedVersion);
        }

        var bson = store.Mapper.ToDocument(document);
        bson["Version"] = storedVersion + 1;
        collection.Update(bson);
        return store.Mapper.ToObject<T>(bson);
    }

    private BsonDocument FirstVersion<T>(T document) where T : IVersioned
    {
        var bson = store.Mapper.ToDocument(document);
        bson["Version"] = 1;
        return bson;
    }
}
