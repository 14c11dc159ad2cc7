using StatusHub.Channels;
using StatusHub.Storage;

namespace StatusHub.StatusComponents;

/// <summary><see cref="KnownComponents.Require"/> for the channel layer, which does not know components itself.</summary>
public sealed class KnownComponentIds : IComponentIds
{
    public List<string> Require(IDocumentReader reader, IEnumerable<string> ids) => KnownComponents.Require(reader, ids);
}
