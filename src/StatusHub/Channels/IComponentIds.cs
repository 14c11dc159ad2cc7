using StatusHub.Storage;

namespace StatusHub.Channels;

/// <summary>Checks component ids a channel setting names (a webhook endpoint's filter); the component feature registers it.</summary>
public interface IComponentIds
{
    /// <summary>The ids without repeats, in the order given, when each names an existing component; otherwise a <see cref="ValidationException"/> naming the first that does not.</summary>
    List<string> Require(IDocumentReader reader, IEnumerable<string> ids);
}
