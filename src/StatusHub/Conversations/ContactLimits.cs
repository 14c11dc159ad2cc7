using Microsoft.Extensions.Options;
using StatusHub.Time;

namespace StatusHub.Conversations;

/// <summary>Why a customer's message was not taken (the <c>PublicText</c> key of the sentence), and when one would be.</summary>
public sealed record ContactRefusal(TimeSpan RetryAfter, string ReasonKey);

/// <summary>
/// Sliding-hour counts of customers' messages per client, per email address, per Telegram chat and in all, so neither one
/// sender nor a distributed flood can fill the disk or the staff chat. A message is counted only when it is kept.
/// In memory and bounded: a restart forgives.
/// </summary>
public sealed class ContactLimits(IOptionsMonitor<ConversationsOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private const string All = "all";
    private const string AllReason = "ContactLimit.All";
    private readonly SlidingWindowCounts<string> _taken = new(time, Window);
    private readonly SlidingWindowCounts<long> _told = new(time, Window);

    /// <summary>Takes a place for a Contact us message from <paramref name="client"/> naming <paramref name="email"/>; null when taken.</summary>
    public ContactRefusal? TakeForForm(string client, string email)
    {
        var current = options.CurrentValue;
        return Take(
            ($"client:{client}", current.MessagesPerClientPerHour, "ContactLimit.Client"),
            ($"email:{email}", current.MessagesPerAddressPerHour, "ContactLimit.Address"));
    }

    /// <summary>Takes a place for a message to the bot from <paramref name="chatId"/>; null when taken.</summary>
    public ContactRefusal? TakeForChat(long chatId) =>
        Take(($"chat:{chatId}", options.CurrentValue.MessagesPerChatPerHour, "ContactLimit.Chat"));

    /// <summary>
    /// Whether a chat the limits refused is to be told its message was not kept: once an hour at most, so someone who
    /// writes in many short lines learns what is lost, and a flood gets one answer, not one per message.
    /// </summary>
    public bool TellChat(long chatId) => _told.TryTake(chatId, 1, out _);

    private ContactRefusal? Take(params (string Key, int Limit, string ReasonKey)[] limits)
    {
        string[] keys = [All, .. limits.Select(l => l.Key)];
        int[] counts = [options.CurrentValue.MessagesPerHour, .. limits.Select(l => l.Limit)];
        return _taken.TryTakeAll(keys, counts, out var wait, out var refusedBy)
            ? null
            : new ContactRefusal(wait, refusedBy == 0 ? AllReason : limits[refusedBy - 1].ReasonKey);
    }
}
