using StatusHub.Channels;
using StatusHub.Components.Forms;
using StatusHub.Storage;

namespace StatusHub.StatusComponents;

/// <summary><see cref="KnownComponents"/> for the channel layer, which does not know components itself.</summary>
public sealed class KnownComponentIds : IComponentIds
{
    public List<string> Require(IDocumentReader reader, IEnumerable<string> ids) => KnownComponents.Require(reader, ids);

    public IReadOnlyList<ComponentChoice> Choices(IDocumentReader reader) => KnownComponents.Choices(KnownComponents.All(reader));
}
