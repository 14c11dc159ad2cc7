using MimeKit;

namespace StatusHub.Tests.Support;

/// <summary>A message the sink accepted: the envelope as the client gave it, and the parsed message.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> Recipients, MimeMessage Message);
