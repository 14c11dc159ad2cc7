using StatusHub.Audit;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Probes;

/// <summary>
/// The probe definitions admins keep: versioned, every write audited with the probe's target (never a password). A
/// password left empty on an edit keeps the stored one, so the page never needs to show it back.
/// </summary>
public sealed class ProbeService(LiteStore store, TimeProvider time)
{
    public const int MaxProbes = 500;

    public IReadOnlyList<Probe> All() => store.Collection<Probe>().FindAll().OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList();

    public Probe? Find(string id) => store.Collection<Probe>().FindById(id);

    public Probe Get(string id) => Find(id) ?? throw new NotFoundException($"There is no probe with id '{id}'.");

    public Probe Create(Probe draft, string actor)
    {
        var now = Now();
        return store.Write(scope =>
        {
            if (scope.Collection<Probe>().Count() >= MaxProbes)
            {
                throw new ValidationException($"There are already {MaxProbes} probes; delete some first.");
            }

            var saved = scope.Insert(Check(scope, draft) with { Id = Ids.New(), CreatedAt = now, UpdatedAt = now });
            scope.Audit(now, actor, "probe.created", Subject(saved), Describe(saved));
            return saved;
        }, affectsStatusPage: false);
    }

    /// <summary>Saves new settings; refused when <paramref name="expectedVersion"/> is no longer the stored one.</summary>
    public Probe Edit(string id, int expectedVersion, Probe draft, string actor)
    {
        var now = Now();
        return store.Write(scope =>
        {
            var stored = scope.Collection<Probe>().FindById(id) ?? throw new NotFoundException($"There is no probe with id '{id}'.");
            var checkedDraft = KeepPasswords(Check(scope, draft), stored);
            var saved = scope.Update(checkedDraft with { Id = id, CreatedAt = stored.CreatedAt, UpdatedAt = now, Version = expectedVersion }, $"Probe \"{stored.Name}\"");
            scope.Audit(now, actor, "probe.edited", Subject(saved), stored.Target == saved.Target ? Describe(saved) : $"was {stored.Target}; {Describe(saved)}");
            return saved;
        }, affectsStatusPage: false);
    }

    public void Delete(string id, int expectedVersion, string actor)
    {
        var now = Now();
        store.Write(scope =>
        {
            var stored = scope.Collection<Probe>().FindById(id) ?? throw new NotFoundException($"There is no probe with id '{id}'.");
            if (stored.Version != expectedVersion)
            {
                throw new ConcurrencyConflictException($"Probe \"{stored.Name}\"", expectedVersion, stored.Version);
            }

            scope.Collection<Probe>().Delete(id);
            scope.Collection<ProbeResult>().DeleteMany(r => r.ProbeId == id);
            scope.Collection<ProbeDay>().DeleteMany(d => d.ProbeId == id);
            scope.Collection<ProbeHealth>().Delete(id);
            scope.Audit(now, actor, "probe.deleted", Subject(stored), Describe(stored));
        }, affectsStatusPage: false);
    }

    private static Probe Check(WriteScope scope, Probe draft) =>
        ProbeRules.Check(draft, scope.Collection<StatusComponent>().FindAll().Select(c => c.Id).ToList());

    private static Probe KeepPasswords(Probe probe, Probe stored) => probe.Mail is not { } mail || stored.Mail is not { } was
        ? probe
        : probe with
        {
            Mail = mail with
            {
                Smtp = mail.Smtp with { Password = mail.Smtp.Password ?? was.Smtp.Password },
                Imap = mail.Imap with { Password = mail.Imap.Password ?? was.Imap.Password },
            },
        };

    private static string Subject(Probe probe) => $"probe:{probe.Id}";

    private static string Describe(Probe p) =>
        $"\"{p.Name}\" ({p.Kind}, {(p.Enabled ? "on" : "off")}, every {p.IntervalSeconds} s, timeout {p.TimeoutSeconds} s): {p.Target}; components [{string.Join(", ", p.ComponentIds)}]";

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
