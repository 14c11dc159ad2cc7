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

public sealed class AuditLog(LiteStore store)
{
    public const int PageSize = 50;

    public IReadOnlyList<AuditEntry> Page(int page, string? subject = null)
    {
        var query = store.Collection<AuditEntry>().Query();
        if (!string.IsNullOrEmpty(subject))
        {
            query = query.Where(e => e.Subject == subject);
        }

        return query.OrderByDescending(e => e.At).Skip(Math.Max(0, page) * PageSize).Limit(PageSize).ToList();
    }
}
