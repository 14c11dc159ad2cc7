using System.Text.RegularExpressions;
using StatusHub.Channels;
using StatusHub.Channels.Webhooks;
using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Subscribers;

/// <summary>Checks and normalises what a subscriber typed, per channel, with messages for that person.</summary>
public static partial class SubscriberAddresses
{
    public const int MaxEmailLength = 254;

    public static string Normalise(string channel, string? address)
    {
        var trimmed = address?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw channel switch
            {
                ChannelNames.Email => new ValidationException("Enter your email address.") { TextKey = "Invalid.EmailMissing" },
                ChannelNames.Sms => new ValidationException("Enter your mobile number.") { TextKey = "Invalid.PhoneMissing" },
                ChannelNames.Webhook => new ValidationException("Enter the URL to post to.") { TextKey = "Invalid.UrlMissing" },
                _ => new ValidationException("Enter an address."),
            };
        }

        // An address is one line of plain characters like any name: no control character, no direction override.
        trimmed = TextPolicy.Line.Accept(trimmed, "The address");
        return channel switch
        {
            ChannelNames.Email => Email(trimmed),
            ChannelNames.Sms => Phone(trimmed),
            ChannelNames.Telegram => TelegramChat(trimmed),
            ChannelNames.Webhook => WebhookEndpointService.CheckUrl(trimmed),
            _ => throw new ValidationException($"'{channel}' is not a channel one can subscribe on."),
        };
    }

    /// <summary>"a•••@example.com", "+44•••••••890": enough for staff and logs to tell addresses apart, not enough to reuse them.</summary>
    public static string Mask(string channel, string address)
    {
        if (channel == ChannelNames.Email && address.IndexOf('@', StringComparison.Ordinal) is var at and > 0)
        {
            return WholeCharacters.Start(address, 1) + "•••" + address[at..];
        }

        return address.Length <= 6 ? "•••" : WholeCharacters.Start(address, 3) + new string('•', Math.Max(3, address.Length - 6)) + WholeCharacters.End(address, 3);
    }

    private static string Email(string address)
    {
        var lower = address.ToLowerInvariant();
        if (lower.Length > MaxEmailLength || !EmailShape().IsMatch(lower) || !MimeKit.MailboxAddress.TryParse(lower, out _) || !IsMailDomain(lower[(lower.LastIndexOf('@') + 1)..]))
        {
            var shown = Ellipsis.Shorten(address, 60);
            throw new ValidationException($"'{shown}' is not an email address we can send to.") { TextKey = "Invalid.Email", TextValues = [shown] };
        }

        return lower;
    }

    /// <summary>
    /// E.164: a plus, a country code and at most 15 digits; spaces, dashes, dots and brackets people type are dropped, and
    /// so is the national trunk zero written "(0)" after the country code (+44 (0)7700 900123), which is never dialled
    /// from abroad: kept, it would make another number that no text reaches.
    /// </summary>
    private static string Phone(string number)
    {
        var digits = PhoneNoise().Replace(TrunkZero().Replace(number, ""), "");
        if (digits.StartsWith("00", StringComparison.Ordinal))
        {
            digits = "+" + digits[2..];
        }

        var shown = Ellipsis.Shorten(number, 60);
        return E164().IsMatch(digits) && CountryCodes.IsAssigned(digits)
            ? digits
            : throw new ValidationException($"'{shown}' is not a mobile number in international form, e.g. +44 7700 900123.") { TextKey = "Invalid.Phone", TextValues = [shown] };
    }

    /// <summary>
    /// A host name with a top-level domain, as mail is addressed on the internet: "127.0.0.1", "[10.0.0.1]", "b..com"
    /// or "-x.com" pass the shape and MimeKit but no relay delivers there. International names are checked in their
    /// ASCII form (IDNA's rules for labels).
    /// </summary>
    private static bool IsMailDomain(string domain)
    {
        string ascii;
        try
        {
            ascii = new System.Globalization.IdnMapping { UseStd3AsciiRules = true }.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return false;
        }

        var labels = ascii.Split('.');
        return labels.Length >= 2
            && labels.All(l => l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-' && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            && !labels[^1].All(char.IsAsciiDigit);
    }

    private static string TelegramChat(string chat) =>
        long.TryParse(chat, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? chat
            : throw new ValidationException("A Telegram subscription needs the numeric chat id the bot saw.");

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"[\s\-\.\(\)]")]
    private static partial Regex PhoneNoise();

    [GeneratedRegex(@"\(\s*0\s*\)")]
    private static partial Regex TrunkZero();

    [GeneratedRegex(@"^\+[1-9]\d{6,14}$")]
    private static partial Regex E164();
}
