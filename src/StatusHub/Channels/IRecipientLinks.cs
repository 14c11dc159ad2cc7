namespace StatusHub.Channels;

/// <summary>Links a message carries for its one recipient; the subscriber feature registers them.</summary>
public interface IRecipientLinks
{
    /// <summary>The recipient's own link to change what it follows or leave, for <paramref name="target"/> on <paramref name="channel"/>.</summary>
    string PreferencesFor(string channel, string target);
}
