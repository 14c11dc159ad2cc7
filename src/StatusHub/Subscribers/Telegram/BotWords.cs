using StatusHub.Channels.Templates;

namespace StatusHub.Subscribers.Telegram;

/// <summary>The bot's fixed answers in one language (<see cref="MessageWords"/>, keys <c>bot.*</c>).</summary>
public sealed record BotWords(string Language)
{
    public string Get(string key) => MessageWords.Get(key, Language);

    public string Format(string key, params object?[] values) => MessageWords.Format(key, Language, values);
}
