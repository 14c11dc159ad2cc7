using StatusHub.Channels.Templates;
using StatusHub.Localization;
using global::Telegram.Bot.Types;

namespace StatusHub.Subscribers.Telegram;

/// <summary>The bot's fixed answers in one language (<see cref="MessageWords"/>, keys <c>bot.*</c>).</summary>
public sealed record BotWords(string Language)
{
    /// <summary>
    /// The language the bot answers a chat in, for its commands and for a customer's message alike: the subscriber's,
    /// else the one their Telegram app reports (<c>language_code</c>) when StatusHub ships it, else the page's.
    /// </summary>
    public static BotWords For(Subscriber? subscriber, User? from, string pageLanguage) =>
        new(subscriber?.Language ?? Languages.Normalize(from?.LanguageCode) ?? pageLanguage);

    public string Get(string key) => MessageWords.Get(key, Language);

    public string Format(string key, params object?[] values) => MessageWords.Format(key, Language, values);
}
