using StatusHub.Storage;

namespace StatusHub.Audit;

/// <summary>Who changed what, when. Written in the same transaction as the change itself.</summary>
public sealed record AuditEntry
{
    public LiteDB.ObjectId Id { get; init; } = LiteDB.ObjectId.NewObjectId();
    public DateTime At { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string Subject { get; init; }
    public string Details { get; init; } = "";
}

/// <summary>
/// What the audit page narrows to. Each part given is how that field starts: <c>system</c> for everything StatusHub did by
/// itself, <c>incident.</c> for every incident action, <c>incident:</c> for every incident, a whole subject for one.
/// </summary>
public sealed record AuditFilter(string? Actor = null, string? Action = null, string? Subject = null)
{
    /// <summary>Longer than any actor, action or subject StatusHub writes.</summary>
    public const int MaxLength = 320;

    public bool IsEmpty => string.IsNullOrEmpty(Actor) && string.IsNullOrEmpty(Action) && string.IsNullOrEmpty(Subject);
}

public sealed class AuditLog(LiteStore store)
{
    public const int PageSize = 50;

    /// <summary>Newest first; all entries, or those of exactly <paramref name="subject"/>.</summary>
    public IReadOnlyList<AuditEntry> Page(int page, string? subject = null)
    {
        var query = store.Collection<AuditEntry>().Query();
        if (!string.IsNullOrEmpty(subject))
        {
            query = query.Where(e => e.Subject == subject);
        }

        return PageOf(query, page);
    }

    /// <summary>Newest first, the entries whose fields start as <paramref name="filter"/> says.</summary>
    public IReadOnlyList<AuditEntry> Page(int page, AuditFilter filter)
    {
        var query = store.Collection<AuditEntry>().Query();
        if (Part(filter.Subject) is { } subject)
        {
            query = query.Where(e => e.Subject.StartsWith(subject));
        }

        if (Part(filter.Actor) is { } actor)
        {
            query = query.Where(e => e.Actor.StartsWith(actor));
        }

        if (Part(filter.Action) is { } action)
        {
            query = query.Where(e => e.Action.StartsWith(action));
        }

        return PageOf(query, page);
    }

    private static string? Part(string? text) =>
        text?.Trim() is { Length: > 0 } part ? part[..Math.Min(part.Length, AuditFilter.MaxLength)] : null;

    private static List<AuditEntry> PageOf(LiteDB.ILiteQueryable<AuditEntry> query, int page) =>
        query.OrderByDescending(e => e.At).Skip((int)Math.Min((long)Math.Max(0, page) * PageSize, int.MaxValue)).Limit(PageSize).ToList();
}
