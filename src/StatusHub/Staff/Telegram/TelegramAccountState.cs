namespace StatusHub.Staff.Telegram;

/// <summary>What the account page's Telegram forms did: the code just issued (shown this once), or a sentence.</summary>
public sealed record TelegramAccountState(IssuedLinkCode? Issued, string? Done, string? Error);
