namespace StatusHub.Channels.Outbox;

/// <summary>Progress of one notification on one channel, for the staff view.</summary>
public sealed record ChannelProgress(string Channel, int Pending, int Retrying, int InFlight, int Sent, int Failed)
{
    public int Total => Pending + Retrying + InFlight + Sent + Failed;

    public bool Done => Pending + Retrying + InFlight == 0;
}
