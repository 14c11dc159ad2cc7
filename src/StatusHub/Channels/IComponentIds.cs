using StatusHub.Components.Forms;
using StatusHub.Storage;

namespace StatusHub.Channels;

/// <summary>Lists and checks the component ids a channel setting names (a webhook endpoint's filter); the component feature registers it.</summary>
public interface IComponentIds
{
    /// <summary>The ids without repeats, in the order given, when each names an existing component; otherwise a <see cref="ValidationException"/> naming the first that does not.</summary>
    List<string> Require(IDocumentReader reader, IEnumerable<string> ids);

    /// <summary>Every component, in the page's order, for a picker.</summary>
    IReadOnlyList<ComponentChoice> Choices(IDocumentReader reader);
}
