namespace StatusHub.Channels.Email;

/// <summary>An address that asked for no more email. Recipient sources skip it.</summary>
public sealed record EmailSuppression
{
    /// <summary>The lower-cased address.</summary>
    public required string Id { get; init; }
    public DateTime At { get; init; }
}
