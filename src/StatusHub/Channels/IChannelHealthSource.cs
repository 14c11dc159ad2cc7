namespace StatusHub.Channels;

/// <summary>Something besides the notification channels that carries the page out of StatusHub and belongs on the health view.</summary>
public interface IChannelHealthSource
{
    ChannelHealth Health();
}
