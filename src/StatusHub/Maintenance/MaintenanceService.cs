using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Time;

namespace StatusHub.Maintenance;

/// <param name="RemindMinutesBefore">How long before the start subscribers are reminded; 0 for no reminder.</param>
public sealed record MaintenanceDraft(
    string Title,
    string? Body,
    DateTime StartsAt,
    DateTime EndsAt,
    IReadOnlyCollection<string> ComponentIds,
    int RemindMinutesBefore = ScheduledMaintenance.DefaultRemindMinutes);

/// <summary>Schedules maintenance and moves it through its window as the clock passes its edges.</summary>
public sealed partial class MaintenanceService(LiteStore store, TimeProvider time, NotificationPublisher publisher)
{
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(14);

    /// <summary>How far ahead a window may be scheduled: a year and a day, so a typo in the year is caught.</summary>
    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(366);

    public ScheduledMaintenance Get(string id) =>
        store.Collection<ScheduledMaintenance>().FindById(id) ?? throw new NotFoundException($"There is no maintenance with id '{id}'.");

    public IReadOnlyList<ScheduledMaintenance> All() =>
        store.Collection<ScheduledMaintenance>().FindAll().OrderByDescending(m => m.StartsAt).ToList();

    public ScheduledMaintenance Schedule(MaintenanceDraft draft, string actor, PublishChoice? publish = null)
    {
        var now = Now();
        var (title, body, starts, ends) = Check(draft, now, requireFuture: true);
        var maintenance = store.Write(scope =>
        {
            var created = scope.Insert(new ScheduledMaintenance
            {
                Id = Ids.New(),
                Title = title,
                Body = body,
                StartsAt = starts,
                EndsAt = ends,
                ComponentIds = CheckComponentIds(scope, draft.ComponentIds),
                RemindMinutesBefore = CheckRemindMinutes(draft.RemindMinutesBefore),
                Status = MaintenanceStatus.Scheduled,
                CreatedBy = actor,
                CreatedAt = now,
                UpdatedAt = now,
            });
            scope.Audit(now, actor, "maintenance.scheduled", $"maintenance:{created.Id}", $"\"{title}\" {UtcText.Format(starts)} – {UtcText.Format(ends)}");
            if (starts <= now)
            {
                // A window written down after it opened: subscribers hear once that it is in progress, not "scheduled" then "started".
                return Start(scope, created, now, publish);
            }

            Publish(scope, created, NotificationEvent.MaintenanceScheduled, publish, actor, now);
            return created;
        });
        AdvanceAll();
        return Get(maintenance.Id);
    }

    /// <summary>What each channel would send when this maintenance is scheduled (a window that opened already: that it is in progress). Nothing is saved.</summary>
    public IReadOnlyList<ChannelPreview> Preview(MaintenanceDraft draft)
    {
        var unsaved = Unsaved(draft);
        return unsaved.StartsAt <= Now()
            ? publisher.Preview(MaintenanceNotice.For(unsaved with { Status = MaintenanceStatus.InProgress }, NotificationEvent.MaintenanceStarted, publisher.Page, store), store)
            : publisher.Preview(MaintenanceNotice.For(unsaved, NotificationEvent.MaintenanceScheduled, publisher.Page, store), store);
    }

    /// <summary>What each channel would send as the reminder before this maintenance; with no reminder, what it would be at the default lead time.</summary>
    public IReadOnlyList<ChannelPreview> PreviewReminder(MaintenanceDraft draft)
    {
        var lead = draft.RemindMinutesBefore > 0 ? draft.RemindMinutesBefore : ScheduledMaintenance.DefaultRemindMinutes;
        return publisher.Preview(MaintenanceNotice.Reminder(Unsaved(draft), TimeSpan.FromMinutes(lead), publisher.Page, store), store);
    }

    private ScheduledMaintenance Unsaved(MaintenanceDraft draft)
    {
        var now = Now();
        return new ScheduledMaintenance
        {
            Id = "preview",
            Title = Validate.OptionalText(draft.Title, "Title", ScheduledMaintenance.MaxTitleLength) ?? "(untitled)",
            Body = Validate.OptionalBody(draft.Body, "Description", ScheduledMaintenance.MaxBodyLength) ?? "",
            StartsAt = Validate.Utc(draft.StartsAt),
            EndsAt = Validate.Utc(draft.EndsAt),
            ComponentIds = [.. draft.ComponentIds],
            Status = MaintenanceStatus.Scheduled,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>What each channel would send if this edit moves the start of a window subscribers were reminded of. Nothing is saved.</summary>
    public IReadOnlyList<ChannelPreview> PreviewRescheduled(string id, MaintenanceDraft draft)
    {
        var current = Get(id);
        var moved = Unsaved(draft) with { Id = current.Id, Status = current.Status };
        return publisher.Preview(MaintenanceNotice.Rescheduled(moved, current.StartsAt, publisher.Page, store), store);
    }

    /// <summary>What each channel would send if this window were called off now (one under way: that it ended now). Nothing is saved.</summary>
    public IReadOnlyList<ChannelPreview> PreviewCancelled(string id)
    {
        var calledOff = Get(id).CalledOff("preview", Now());
        return publisher.Preview(MaintenanceNotice.For(calledOff, MaintenanceNotice.CalledOffEvent(calledOff), publisher.Page, store), store);
    }

    /// <param name="publish">The channels that tell subscribers already reminded of the old start about the new one; null: all.</param>
    public ScheduledMaintenance Edit(string id, int expectedVersion, MaintenanceDraft draft, string actor, PublishChoice? publish = null)
    {
        var now = Now();
        var current = Get(id);
        if (current.IsOver)
        {
            throw new ValidationException($"This maintenance is {current.Status.ToLabel().ToLowerInvariant()} and can no longer be edited.");
        }

        var (title, body, starts, ends) = Check(draft, now, requireFuture: current.Status == MaintenanceStatus.Scheduled && draft.StartsAt != current.StartsAt);
        var remindMinutes = CheckRemindMinutes(draft.RemindMinutesBefore);
        var moved = current.Status == MaintenanceStatus.Scheduled && starts != current.StartsAt;

        // Subscribers reminded of the old start hear of the new one now; the reminder is due again before the new start,
        // unless that moment has passed and this notice is the reminder.
        var toldOfOldStart = moved && current.RemindedAt is not null;
        store.Write(scope =>
        {
            var edited = current with
            {
                Title = title,
                Body = body,
                StartsAt = moved ? starts : current.StartsAt,
                EndsAt = ends,
                ComponentIds = CheckComponentIds(scope, draft.ComponentIds),
                RemindMinutesBefore = remindMinutes,
                RemindedAt = moved ? null : current.RemindedAt,
                UpdatedAt = now,
                Version = expectedVersion,
            };
            if (toldOfOldStart && edited.ReminderDueAt() <= now)
            {
                edited = edited with { RemindedAt = now };
            }

            // A running window's components follow its list: one added goes under maintenance now, one taken out comes back.
            var added = current.IsUnderway ? edited.ComponentIds.Except(current.ComponentIds).ToList() : [];
            if (added.Count > 0)
            {
                var before = new Dictionary<string, ComponentStatus>(current.StatusesBefore);
                foreach (var (componentId, status) in PutUnderMaintenance(scope, edited, added, now, now))
                {
                    before[componentId] = status;
                }

                edited = edited with { StatusesBefore = before };
            }

            var saved = scope.Update(edited, $"Maintenance \"{current.Title}\"");
            if (current.IsUnderway && current.ComponentIds.Except(saved.ComponentIds).ToList() is { Count: > 0 } removed)
            {
                RestoreComponents(scope, current, now, removed);
            }

            scope.Audit(now, actor, "maintenance.edited", $"maintenance:{id}", $"\"{saved.Title}\" {UtcText.Format(saved.StartsAt)} – {UtcText.Format(saved.EndsAt)}");
            if (toldOfOldStart)
            {
                publisher.Enqueue(scope, MaintenanceNotice.Rescheduled(saved, current.StartsAt, publisher.Page, scope), publish ?? PublishChoice.AllChannels, actor, now);
            }
        });
        AdvanceAll();
        return Get(id);
    }

    /// <summary>Calls the window off: one still to come is cancelled, one under way ends now (<see cref="ScheduledMaintenance.CalledOff"/>).</summary>
    public ScheduledMaintenance Cancel(string id, int expectedVersion, string actor, PublishChoice? publish = null) =>
        CallOff(id, expectedVersion, actor, publish, onlyUnderway: false);

    /// <summary>Ends a running window now, before its planned end (the staff bot's /endmaintenance): <see cref="Cancel"/> for a window under way, refused for one still to come.</summary>
    public ScheduledMaintenance EndNow(string id, int expectedVersion, string actor, PublishChoice? publish = null) =>
        CallOff(id, expectedVersion, actor, publish, onlyUnderway: true);

    private ScheduledMaintenance CallOff(string id, int expectedVersion, string actor, PublishChoice? publish, bool onlyUnderway)
    {
        var now = Now();
        store.Write(scope =>
        {
            var current = scope.Collection<ScheduledMaintenance>().FindById(id) ?? throw new NotFoundException($"There is no maintenance with id '{id}'.");
            if (current.IsOver)
            {
                throw new ValidationException($"This maintenance is already {current.Status.ToLabel().ToLowerInvariant()}.") { RefusedByState = onlyUnderway };
            }

            if (onlyUnderway && !current.IsUnderway)
            {
                throw new ValidationException("This maintenance has not started: cancel it instead.") { RefusedByState = true };
            }

            var saved = scope.Update(current.CalledOff(actor, now) with { Version = expectedVersion }, $"Maintenance \"{current.Title}\"");
            if (current.IsUnderway)
            {
                RestoreComponents(scope, current, now);
            }

            scope.Audit(now, actor, current.IsUnderway ? "maintenance.ended" : "maintenance.cancelled", $"maintenance:{id}", current.IsUnderway
                ? $"\"{current.Title}\" ended at {UtcText.Format(now)}, {UtcText.Format(current.EndsAt)} planned"
                : current.Title);

            Publish(scope, saved, MaintenanceNotice.CalledOffEvent(saved), publish, actor, now);
        });
        return Get(id);
    }

    /// <summary>Reminds of windows about to open, opens those that have started and closes those that have ended. Returns when the next edge is due.</summary>
    public DateTime? AdvanceAll()
    {
        var now = Now();
        var open = store.Collection<ScheduledMaintenance>()
            .Find(m => m.Status == MaintenanceStatus.Scheduled || m.Status == MaintenanceStatus.InProgress || m.Status == MaintenanceStatus.Verifying)
            .ToList();
        DateTime? next = null;
        foreach (var maintenance in open)
        {
            if (maintenance.Status == MaintenanceStatus.Scheduled && maintenance.StartsAt > now && maintenance.ReminderDueAt() is { } due)
            {
                if (due <= now)
                {
                    Remind(maintenance.Id, now);
                }
                else
                {
                    next = next is null || due < next ? due : next;
                }
            }

            if (maintenance.Status == MaintenanceStatus.Scheduled && maintenance.StartsAt <= now && maintenance.EndsAt > now)
            {
                Start(maintenance, now);
            }
            else if (maintenance.EndsAt <= now)
            {
                Complete(maintenance, now);
                continue;
            }

            var edge = maintenance.StartsAt > now ? maintenance.StartsAt : maintenance.EndsAt;
            next = next is null || edge < next ? edge : next;
        }

        return next;
    }

    /// <summary>
    /// Queues the reminder and marks the window reminded in one versioned write, reading it again inside the write, so
    /// another round (or a second app on the same data) finds it reminded and queues nothing.
    /// </summary>
    private void Remind(string id, DateTime now) => store.Write(scope =>
    {
        if (scope.Collection<ScheduledMaintenance>().FindById(id) is not { Status: MaintenanceStatus.Scheduled } maintenance
            || maintenance.ReminderDueAt() is not { } due || due > now || maintenance.StartsAt <= now)
        {
            return;
        }

        var reminded = scope.Update(maintenance with { RemindedAt = now }, $"Maintenance \"{maintenance.Title}\"");
        scope.Audit(now, AuditActors.System("maintenance"), "maintenance.reminded", $"maintenance:{id}", maintenance.Title);
        publisher.Enqueue(scope, MaintenanceNotice.Reminder(reminded, reminded.StartsAt - now, publisher.Page, scope), PublishChoice.AllChannels, "system", now);
    });

    private void Start(ScheduledMaintenance maintenance, DateTime now) => store.Write(scope => Start(scope, maintenance, now, null));

    private ScheduledMaintenance Start(WriteScope scope, ScheduledMaintenance maintenance, DateTime now, PublishChoice? publish)
    {
        var before = PutUnderMaintenance(scope, maintenance, maintenance.ComponentIds, maintenance.StartsAt, now);
        var started = scope.Update(
            maintenance with
            {
                Status = MaintenanceStatus.InProgress,
                StatusesBefore = before,
                Updates = [.. maintenance.Updates, new MaintenanceUpdate(Ids.New(), MaintenanceStatus.InProgress, MaintenanceUpdate.OpenedText, "system", maintenance.StartsAt)],
                UpdatedAt = now,
            },
            $"Maintenance \"{maintenance.Title}\"");
        scope.Audit(now, AuditActors.System("maintenance"), "maintenance.started", $"maintenance:{maintenance.Id}", maintenance.Title);
        Publish(scope, started, NotificationEvent.MaintenanceStarted, publish, "system", now);
        return started;
    }

    private void Complete(ScheduledMaintenance maintenance, DateTime now) => store.Write(scope =>
    {
        var wasRunning = maintenance.Status != MaintenanceStatus.Scheduled;
        var completed = scope.Update(
            maintenance with
            {
                Status = MaintenanceStatus.Completed,
                Updates = [.. maintenance.Updates, new MaintenanceUpdate(Ids.New(), MaintenanceStatus.Completed, MaintenanceUpdate.CompletedText, "system", maintenance.EndsAt)],
                UpdatedAt = now,
            },
            $"Maintenance \"{maintenance.Title}\"");
        scope.Audit(now, AuditActors.System("maintenance"), "maintenance.completed", $"maintenance:{maintenance.Id}", maintenance.Title);
        if (wasRunning)
        {
            RestoreComponents(scope, maintenance, now);
            Publish(scope, completed, NotificationEvent.MaintenanceCompleted, null, "system", now);
        }
    });

    /// <summary>Puts <paramref name="ids"/> under maintenance for <paramref name="maintenance"/>; returns the statuses they had before.</summary>
    private Dictionary<string, ComponentStatus> PutUnderMaintenance(WriteScope scope, ScheduledMaintenance maintenance, IEnumerable<string> ids, DateTime at, DateTime now)
    {
        var components = scope.Collection<StatusComponent>();
        var before = ids
            .Select(id => components.FindById(id))
            .OfType<StatusComponent>()
            .ToDictionary(c => c.Id, c => c.Status);
        var changed = IncidentService.ApplyComponentStatuses(scope, before.ToDictionary(p => p.Key, _ => ComponentStatus.UnderMaintenance), at, $"maintenance:{maintenance.Id}", now);
        publisher.EnqueueComponentChanges(scope, changed, OverallStatus.Read(scope), null, "system", now);
        return before;
    }

    /// <summary>
    /// Components still under maintenance go back to what they were before; one an incident has since touched keeps its
    /// status, and one another running window covers stays under maintenance until that one ends.
    /// Called once the window is saved as over (or <paramref name="only"/> these are taken out of it), so their webhooks tell the page without it.
    /// </summary>
    private void RestoreComponents(WriteScope scope, ScheduledMaintenance maintenance, DateTime now, IReadOnlyCollection<string>? only = null)
    {
        var components = scope.Collection<StatusComponent>();
        var stillCovered = scope.Collection<ScheduledMaintenance>()
            .Find(m => m.Status == MaintenanceStatus.InProgress || m.Status == MaintenanceStatus.Verifying)
            .Where(m => m.Id != maintenance.Id)
            .SelectMany(m => m.ComponentIds)
            .ToHashSet();
        var restore = (only ?? maintenance.ComponentIds)
            .Where(id => !stillCovered.Contains(id))
            .Select(id => components.FindById(id))
            .OfType<StatusComponent>()
            .Where(c => c.Status == ComponentStatus.UnderMaintenance)
            .ToDictionary(
                c => c.Id,
                c => maintenance.StatusesBefore.GetValueOrDefault(c.Id) is var before && before != ComponentStatus.UnderMaintenance ? before : ComponentStatus.Operational);
        var changed = IncidentService.ApplyComponentStatuses(scope, restore, Min(now, maintenance.EndsAt), $"maintenance:{maintenance.Id}", now);
        publisher.EnqueueComponentChanges(scope, changed, OverallStatus.Read(scope), null, "system", now);
    }

    private void Publish(WriteScope scope, ScheduledMaintenance maintenance, NotificationEvent notificationEvent, PublishChoice? publish, string actor, DateTime now)
    {
        publisher.Enqueue(scope, MaintenanceNotice.For(maintenance, notificationEvent, publisher.Page, scope), publish ?? PublishChoice.AllChannels, actor, now);
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
