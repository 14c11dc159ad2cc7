using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Telegram;
using StatusHub.StatusPage;
using StatusHub.Subscribers.Telegram;

namespace StatusHub.Subscribers;

/// <summary>
/// The ways a visitor can sign up right now. A channel is offered only while it is configured, asked of the same
/// service its sign-up asks before sending anything, so the subscribe page never shows a form that can only fail.
/// </summary>
public sealed class SignUpChannels(
    EmailSubscriptions email,
    SmsSignUp sms,
    WebhookSignUp webhook,
    IOptionsMonitor<TelegramOptions> telegram,
    IOptions<StatusPageOptions> page)
{
    /// <summary>The field each channel's address is typed into on the subscribe page; Telegram has none.</summary>
    private static readonly IReadOnlyDictionary<string, string> AddressFields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ChannelNames.Email] = "email",
        [ChannelNames.Sms] = "phone",
        [ChannelNames.Webhook] = "url",
    };

    /// <summary>In the order the page shows them: Telegram, the one without a field to fill in, last.</summary>
    public IReadOnlyList<string> Offered()
    {
        var offered = new List<string>(4);
        if (email.EmailIsOn)
        {
            offered.Add(ChannelNames.Email);
        }

        if (sms.IsAvailable)
        {
            offered.Add(ChannelNames.Sms);
        }

        if (webhook.IsAvailable)
        {
            offered.Add(ChannelNames.Webhook);
        }

        if (TelegramIsOn)
        {
            offered.Add(ChannelNames.Telegram);
        }

        return offered;
    }

    /// <summary>The bot hears /start and the channel can post to the chats it subscribes (a staff-only bot cannot).</summary>
    public bool TelegramIsOn => telegram.CurrentValue.Problem() is null && TelegramUpdateReceiver.Problem(telegram.CurrentValue, page.Value) is null;

    /// <summary>
    /// The channel the subscribe page's one form asks for: the button pressed, unless that button's address field was
    /// left empty while exactly one other was filled in (Enter in a field sends the form with its first button).
    /// </summary>
    public static string Chosen(IFormCollection form)
    {
        var pressed = form["channel"].ToString();
        var filled = AddressFields.Where(f => !string.IsNullOrWhiteSpace(form[f.Value])).Select(f => f.Key).ToList();
        return AddressFields.TryGetValue(pressed, out var field) && string.IsNullOrWhiteSpace(form[field]) && filled.Count == 1
            ? filled[0]
            : pressed;
    }
}
