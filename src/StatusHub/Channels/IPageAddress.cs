using StatusHub.Channels.Outbox;

namespace StatusHub.Channels;

/// <summary>The public page's name and address, for links in messages; the status page registers it from its own settings.</summary>
public interface IPageAddress
{
    PageInfo Page { get; }
}
