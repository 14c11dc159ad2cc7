using System.Globalization;
using LiteDB;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// A staff member's unfinished command in one chat (/incident, /update, /resolve, /component, /maintenance): the answers
/// so far and the question the bot is waiting for. Stored, so a restart loses nothing; one per Telegram user, expiring.
/// </summary>
public sealed record StaffDialog : IVersioned
{
    /// <summary>The Telegram user id, as text: at most one live dialog per user.</summary>
    public required string Id { get; init; }

    [BsonIgnore]
    public long UserId => long.Parse(Id, CultureInfo.InvariantCulture);

    public long ChatId { get; init; }

    /// <summary>Random per dialog: buttons of an ended or replaced dialog name another one and do nothing.</summary>
    public required string Nonce { get; init; }

    /// <summary>Which form (<see cref="IStaffForm.Kind"/>).</summary>
    public required string Kind { get; init; }

    /// <summary>Answers by field name (title, body, impact …); a field not here is still to be asked.</summary>
    public Dictionary<string, string> Fields { get; init; } = [];

    /// <summary>Component statuses chosen so far (an incident's components).</summary>
    public Dictionary<string, ComponentStatus> Statuses { get; init; } = [];

    /// <summary>Components chosen so far (a maintenance window's).</summary>
    public List<string> Chosen { get; init; } = [];

    /// <summary>The field the bot asked for last, or <see cref="PreviewStep"/> while a preview waits for Publish.</summary>
    public string? Asking { get; init; }

    /// <summary>Which page of a question's long list of buttons is shown (0: the first).</summary>
    public int Page { get; init; }

    /// <summary>The bot's question a typed answer must reply to.</summary>
    public int? QuestionMessageId { get; init; }

    public int? PreviewMessageId { get; init; }

    /// <summary>Counts previews, so Publish on an earlier preview (before an Edit) publishes nothing.</summary>
    public int PreviewNumber { get; init; }

    /// <summary>The version of what is changed, read when the preview was made: Publish writes only if it still is.</summary>
    public int? ExpectedVersion { get; init; }

    /// <summary>The user's message the bot's questions reply to, so ForceReply (selective) opens only their keyboard.</summary>
    public int? ReplyTo { get; init; }

    public DateTime ExpiresAt { get; init; }
    public int Version { get; init; }

    public const string PreviewStep = "preview";

    public string? Field(string field) => Fields.GetValueOrDefault(field);

    public StaffDialog With(string field, string value) => this with { Fields = new(Fields) { [field] = value } };

    public StaffDialog Without(string field)
    {
        var fields = new Dictionary<string, string>(Fields);
        fields.Remove(field);
        return this with { Fields = fields };
    }
}
