using System.ComponentModel.DataAnnotations;

namespace StatusHub.Channels.Outbox;

/// <summary>The <c>Outbox</c> section: how the delivery engine stops.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>
    /// On SIGTERM or Ctrl-C the dispatcher stops claiming and waits this long for the sends already on the wire, so their
    /// outcomes are recorded and nothing is sent twice after the restart; a send still running then is cut off and retried.
    /// </summary>
    [Range(0, 600, ErrorMessage = "Outbox:ShutdownGraceSeconds must be between 0 and 600 seconds.")]
    public int ShutdownGraceSeconds { get; set; } = 20;

    public TimeSpan ShutdownGrace => TimeSpan.FromSeconds(ShutdownGraceSeconds);
}
