namespace StatusHub.Conversations;

/// <summary>What a customer sent, before it is checked: from the Contact us form or a private chat with the bot.</summary>
/// <param name="Channel">Where answers go back: email or telegram.</param>
/// <param name="Address">The typed email address, or the Telegram chat id.</param>
/// <param name="Client">Who sent the form (<see cref="Staff.SignInBackOff.ClientKey"/>), for the per-client limit.</param>
/// <param name="Language">The language the customer reads, when known (the bot); null for the page's.</param>
public sealed record CustomerMessage(
    string Channel, string Address, string Text, string? Name = null, string? TelegramHandle = null, string? IncidentId = null, string? Client = null,
    string? Language = null);
