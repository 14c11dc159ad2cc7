using System.Text.Json.Nodes;

namespace StatusHub.Tests.Support;

/// <summary>One request the fake received, stamped with the test's clock (not the wall clock).</summary>
/// <param name="ChatId">As sent: "-100123" or "@statushub".</param>
/// <param name="ReplyTo">reply_parameters.message_id, when the request replied to an earlier message.</param>
/// <param name="MessageId">For sendMessage, the id the fake gave the new message; for pin/unpin, the message named.</param>
/// <param name="ErrorCode">Null when the call succeeded.</param>
/// <param name="RetryAfter">The retry_after (seconds) the fake answered with, for a 429.</param>
public sealed record TelegramCall(
    string Method,
    string? ChatId,
    string? Text,
    string? ParseMode,
    int? ReplyTo,
    int? MessageId,
    DateTimeOffset At,
    int? ErrorCode,
    JsonObject Body,
    int? RetryAfter = null)
{
    public bool Succeeded => ErrorCode is null;
}
