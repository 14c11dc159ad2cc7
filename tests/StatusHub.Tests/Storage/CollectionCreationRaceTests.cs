using StatusHub.Storage;

namespace StatusHub.Tests.Storage;

/// <summary>
/// LiteDB 5 fails a read of a collection that another transaction is creating at that moment ("ENSURE: page type must be
/// collection page", litedb-org/LiteDB#2792) and may close its engine after it: a page read while the bot stores its first
/// update cursor, say, would take the whole store down.
/// </summary>
public class CollectionCreationRaceTests
{
    public sealed record RaceDocument : IVersioned
    {
        public required string Id { get; init; }
        public int Version { get; init; }
    }

    [Fact]
    public async Task ReadsACollectionSafelyWhileAnotherThreadCreatesIt()
    {
        using var folder = new TempFolder();
        for (var round = 0; round < 40; round++)
        {
            using var store = new LiteStore(folder.File($"race-{round}.db"));
            using var go = new ManualResetEventSlim();
            var written = 0;
            var cancel = TestContext.Current.CancellationToken;
            var reader = Task.Run(
                () =>
                {
                    go.Wait(cancel);
                    var seen = 0;
                    while (Volatile.Read(ref written) == 0 || seen == 0)
                    {
                        seen = store.Collection<RaceDocument>().FindById("a") is null ? 0 : 1;
                    }
                },
                cancel);
            var writer = Task.Run(
                () =>
                {
                    go.Wait(cancel);
                    store.Write(scope => scope.Insert(new RaceDocument { Id = "a" }), affectsStatusPage: false);
                    Volatile.Write(ref written, 1);
                },
                cancel);

            go.Set();
            await Task.WhenAll(reader, writer).WaitAsync(TimeSpan.FromMinutes(1), cancel);
            Assert.Equal("a", store.Collection<RaceDocument>().FindById("a")?.Id);
        }
    }
}
