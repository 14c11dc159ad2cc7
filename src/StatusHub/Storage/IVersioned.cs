namespace StatusHub.Storage;

/// <summary>A document guarded by optimistic concurrency: every save bumps <see cref="Version"/>.</summary>
public interface IVersioned
{
    string Id { get; }
    int Version { get; }
}
