using LiteDB;

namespace StatusHub.Storage;

/// <summary>Reads collections, either straight from the store or inside a write's transaction.</summary>
public interface IDocumentReader
{
    ILiteCollection<T> Collection<T>();
}
