using StatusHub.Storage;

namespace StatusHub.Audit;

public static class AuditWriteScopeExtensions
{
    public static void Audit(this WriteScope scope, DateTime at, string actor, string action, string subject, string details = "") =>
        scope.Collection<AuditEntry>().Insert(new AuditEntry { At = at, Actor = actor, Action = action, Subject = subject, Details = details });
}
