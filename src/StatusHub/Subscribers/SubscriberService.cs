using System.Security.Cryptography;
using System.Text;
using LiteDB;
using Microsoft.Extensions.Options;
using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.Channels.Webhooks;
using StatusHub.StatusComponents;
using StatusHub.Localization;
using StatusHub.Storage;

namespace StatusHub.Subscribers;

/// <summary>Counts for the staff page: per channel, how many are pending, active, failing, and how many left.</summary>
public sealed record SubscriberCounts(string Channel, int Pending, int Active, int Failing, int Unsubscribed);

/// <summary>
/// The outcome of checking a confirmation secret. Only the right secret learns more than <see cref="Wrong"/>: an unknown
/// subscriber, an active one, an expired or over-tried sign-up all look alike to anyone without it.
/// </summary>
public enum ConfirmationResult
{
    Confirmed,

    /// <summary>The right secret, opened again (a second click, or a mail scanner that opened it first).</summary>
    AlreadyActive,
    Wrong,

    /// <summary>The right secret, too late.</summary>
    Expired,

    /// <summary>The right secret, after too many wrong ones.</summary>
    TooManyAttempts,
}

/// <summary>
/// Subscribers' lifecycle: sign-up (pending until confirmed), confirmation, the components they follow,
/// and leaving, which deletes them. Channel-specific flows (email link, SMS code, Telegram /start,
/// webhook ping) build on these. Every way a subscriber is stored passes through here, so the guard on where
/// webhooks may point holds for the public form, the management API, staff and imports alike.
/// </summary>
public sealed class SubscriberService(LiteStore store, TimeProvider time, IOptions<SubscribersOptions> options)
{
    public const int MaxConfirmationAttempts = 5;

    private const string What = "This subscription";

    public Subscriber? Find(string channel, string address) =>
        store.Collection<Subscriber>().FindById(Subscriber.KeyFor(channel, address));

    public Subscriber? Find(string id) => store.Collection<Subscriber>().FindById(id);

    /// <summary>
    /// Starts (or restarts) a sign-up: a new or still-pending subscriber gets the new secret's hash and expiry.
    /// An active subscriber is left as it is and returned, so callers can answer the same either way (their language too);
    /// with <paramref name="confirmAgain"/> (its deliveries failed) it stays active as it is and only gets the new secret.
    /// </summary>
    public Subscriber StartSignUp(string channel, string address, bool allComponents, IReadOnlyCollection<string>? componentIds, string secret, TimeSpan validFor, string? language = null, bool confirmAgain = false)
    {
        var normalised = Normalise(channel, address);
        var now = Now();
        return store.Write(scope =>
        {
            var components = CheckComponents(scope, allComponents, componentIds);
            var subscribers = scope.Collection<Subscriber>();
            var existing = subscribers.FindById(Subscriber.KeyFor(channel, normalised));
            var active = existing is { State: SubscriberState.Active };
            if (active && !confirmAgain)
            {
                return existing!;
            }

            var confirming = (existing ?? new Subscriber { Id = Subscriber.KeyFor(channel, normalised), Channel = channel, Address = normalised, CreatedAt = now }) with
            {
                ConfirmationHash = Hash(secret),
                ConfirmationExpiresAt = now + validFor,
                ConfirmationAttempts = 0,
                UpdatedAt = now,
            };
            // A link proves the address, nothing more: what an active subscriber follows changes on their preferences page.
            var saved = Save(scope, existing, active ? confirming : confirming with
            {
                State = SubscriberState.Pending, AllComponents = allComponents, ComponentIds = components, Language = Languages.Normalize(language) ?? existing?.Language,
            });
            scope.Audit(now, SubscriberAddresses.Mask(channel, normalised), "subscriber.signed_up", $"subscriber:{channel}", active ? "confirming again after failed deliveries" : "pending confirmation");
            return saved;
        }, affectsStatusPage: false);
    }

    /// <summary>
    /// Checks a confirmation secret in constant time, before anything else about the subscriber is looked at; the right
    /// one makes a pending subscriber active. The secret's hash is kept until it expires, so the same link opened again
    /// is still recognised, and only by its secret.
    /// </summary>
    public ConfirmationResult Confirm(string id, string secret)
    {
        var hash = Encoding.ASCII.GetBytes(Hash(secret));
        var now = Now();
        return store.Write(scope =>
        {
            var subscriber = scope.Collection<Subscriber>().FindById(id);
            if (subscriber?.ConfirmationHash is not { } stored)
            {
                return ConfirmationResult.Wrong;
            }

            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), hash))
            {
                scope.Update(subscriber with { ConfirmationAttempts = subscriber.ConfirmationAttempts + 1 }, What);
                return ConfirmationResult.Wrong;
            }

            if (subscriber.ConfirmationAttempts >= MaxConfirmationAttempts)
            {
                return ConfirmationResult.TooManyAttempts;
            }

            if (subscriber.ConfirmationExpiresAt is not { } expires || expires < now)
            {
                return ConfirmationResult.Expired;
            }

            if (subscriber.State == SubscriberState.Active)
            {
                return ConfirmationResult.AlreadyActive;
            }

            scope.Update(subscriber with { State = SubscriberState.Active, ConfirmationAttempts = 0, ConfirmedAt = now, UpdatedAt = now }, What);
            scope.Audit(now, SubscriberAddresses.Mask(subscriber.Channel, subscriber.Address), "subscriber.confirmed", $"subscriber:{subscriber.Channel}");
            return ConfirmationResult.Confirmed;
        }, affectsStatusPage: false);
    }

    /// <summary>
    /// Adds an already-confirmed subscriber (staff, CSV import, the management API, the Telegram bot with the user's app
    /// language). Returns false when it existed. Without a <paramref name="language"/> they read the page's.
    /// </summary>
    public bool AddConfirmed(string channel, string address, bool allComponents, IReadOnlyCollection<string>? componentIds, string actor, string? language = null)
    {
        var normalised = Normalise(channel, address);
        var now = Now();
        return store.Write(scope =>
        {
            var components = CheckComponents(scope, allComponents, componentIds);
            var id = Subscriber.KeyFor(channel, normalised);
            var existing = scope.Collection<Subscriber>().FindById(id);
            if (existing is { State: SubscriberState.Active })
            {
                return false;
            }

            Save(scope, existing, new Subscriber
            {
                Id = id,
                Channel = channel,
                Address = normalised,
                State = SubscriberState.Active,
                AllComponents = allComponents,
                ComponentIds = components,
                Language = Languages.Normalize(language) ?? existing?.Language,
                CreatedAt = now,
                ConfirmedAt = now,
                UpdatedAt = now,
            });
            scope.Audit(now, actor, "subscriber.added", $"subscriber:{channel}", SubscriberAddresses.Mask(channel, normalised));
            return true;
        }, affectsStatusPage: false);
    }

    /// <summary>
    /// Adds many already-confirmed subscribers on one channel in one transaction, inserted in batches. Addresses must
    /// be normalised. Audited once unless <paramref name="audit"/> is false (an import of many batches audits itself).
    /// Returns the addresses skipped because they were already active.
    /// </summary>
    public IReadOnlySet<string> AddConfirmedBulk(string channel, IReadOnlyList<ConfirmedSubscriber> rows, string actor, bool audit = true)
    {
        const int batchSize = 5_000;
        foreach (var row in rows)
        {
            RefusePrivateWebhook(channel, row.Address);
        }

        var now = Now();
        return store.Write(scope =>
        {
            KnownComponents.Require(scope, rows.Where(r => !r.AllComponents).SelectMany(r => r.ComponentIds));

            var subscribers = scope.Collection<Subscriber>();
            var distinct = rows.DistinctBy(r => r.Address, StringComparer.Ordinal).ToList();
            // One query seeking every id of the batch: an id that misses costs an index seek and no document read.
            var known = subscribers.Find(Query.In("_id", distinct.Select(r => new BsonValue(Subscriber.KeyFor(channel, r.Address)))))
                .ToDictionary(s => s.Id, StringComparer.Ordinal);
            var skipped = new HashSet<string>(StringComparer.Ordinal);
            var fresh = new List<Subscriber>();
            var added = 0;
            foreach (var row in distinct)
            {
                var existing = known.GetValueOrDefault(Subscriber.KeyFor(channel, row.Address));
                if (existing?.State == SubscriberState.Active)
                {
                    skipped.Add(row.Address);
                    continue;
                }

                var subscriber = new Subscriber
                {
                    Id = Subscriber.KeyFor(channel, row.Address),
                    Channel = channel,
                    Address = row.Address,
                    State = SubscriberState.Active,
                    AllComponents = row.AllComponents,
                    ComponentIds = row.AllComponents ? [] : row.ComponentIds.Distinct(StringComparer.Ordinal).ToList(),
                    Language = Languages.Normalize(row.Language) ?? existing?.Language,
                    CreatedAt = existing?.CreatedAt ?? now,
                    ConfirmedAt = now,
                    UpdatedAt = now,
                };
                added++;
                if (existing is null)
                {
                    fresh.Add(subscriber);
                }
                else
                {
                    Save(scope, existing, subscriber);
                }

                if (fresh.Count == batchSize)
                {
                    scope.InsertBulk(fresh, batchSize);
                    fresh.Clear();
                }
            }

            scope.InsertBulk(fresh, batchSize);
            if (audit && added > 0)
            {
                scope.Audit(now, actor, "subscriber.imported", $"subscriber:{channel}", $"{added} added");
            }

            return (IReadOnlySet<string>)skipped;
        }, affectsStatusPage: false);
    }

    /// <summary>Audits an import that was written in several transactions, once, with what it came to.</summary>
    public void RecordImport(string channel, int added, int rejected, string actor)
    {
        var now = Now();
        store.Write(scope => scope.Audit(now, actor, "subscriber.imported", $"subscriber:{channel}", $"{added} added, {rejected} not imported"), affectsStatusPage: false);
    }

    public Subscriber SetComponents(string id, bool allComponents, IReadOnlyCollection<string>? componentIds, string actor)
    {
        var now = Now();
        return store.Write(scope =>
        {
            var subscriber = scope.Collection<Subscriber>().FindById(id) ?? throw new NotFoundException($"{What} no longer exists.");
            var updated = scope.Update(subscriber with { AllComponents = allComponents, ComponentIds = CheckComponents(scope, allComponents, componentIds), UpdatedAt = now }, What);
            scope.Audit(now, actor, "subscriber.components_changed", $"subscriber:{subscriber.Channel}",
                allComponents ? "all components" : $"{updated.ComponentIds.Count} components");
            return updated;
        }, affectsStatusPage: false);
    }

    /// <summary>
    /// Sign-ups never confirmed whose confirmation expired before <paramref name="expiredBefore"/>: the address was
    /// never consented to, so nothing of it is kept (no tally either: they never subscribed). Returns how many went.
    /// </summary>
    public int DeleteUnconfirmed(DateTime expiredBefore)
    {
        var now = Now();
        return store.Write(scope =>
        {
            var subscribers = scope.Collection<Subscriber>();
            var expired = subscribers.Find(s => s.State == SubscriberState.Pending)
                .Where(s => s.ConfirmationExpiresAt is not { } expires || expires < expiredBefore)
                .ToList();
            foreach (var subscriber in expired)
            {
                subscribers.Delete(subscriber.Id);
                Channels.Outbox.OutboxStore.Forget(scope, subscriber.Channel, subscriber.Address);
            }

            if (expired.Count > 0)
            {
                scope.Audit(now, AuditActors.System("retention"), "subscriber.unconfirmed_deleted", "subscriber:*", $"{expired.Count} sign-ups never confirmed");
            }

            return expired.Count;
        }, affectsStatusPage: false);
    }

    /// <summary>Leaving: the record and its address are deleted; only the per-channel tally goes up. Returns false when there was nothing to delete.</summary>
    public bool Remove(string id, string actor)
    {
        var now = Now();
        return store.Write(scope =>
        {
            var subscribers = scope.Collection<Subscriber>();
            var subscriber = subscribers.FindById(id);
            if (subscriber is null)
            {
                return false;
            }

            subscribers.Delete(id);
            var tallies = scope.Collection<SubscriberTally>();
            var tally = tallies.FindById(subscriber.Channel) ?? new SubscriberTally { Id = subscriber.Channel };
            tallies.Upsert(tally with { Unsubscribed = tally.Unsubscribed + 1 });
            scope.Collection<Channels.Outbox.FailingTarget>().Delete(Channels.Outbox.FailingTarget.KeyFor(subscriber.Channel, subscriber.Address));
            Channels.Outbox.OutboxStore.Forget(scope, subscriber.Channel, subscriber.Address);
            // A subscriber leaving by themselves is named masked, like everywhere else: the address must not outlive them.
            var who = string.Equals(actor, subscriber.Address, StringComparison.OrdinalIgnoreCase) ? SubscriberAddresses.Mask(subscriber.Channel, subscriber.Address) : actor;
            scope.Audit(now, who, "subscriber.removed", $"subscriber:{subscriber.Channel}", SubscriberAddresses.Mask(subscriber.Channel, subscriber.Address));
            return true;
        }, affectsStatusPage: false);
    }

    /// <summary>Streams only channel and state of each subscriber: the staff page asks on every load, and 100,000 records need not be held.</summary>
    public IReadOnlyList<SubscriberCounts> Counts()
    {
        var subscribers = store.Collection<Subscriber>();
        var byState = new Dictionary<(string Channel, string State), int>();
        foreach (var row in subscribers.Query().Select(BsonExpression.Create("{ c: $.Channel, s: $.State }")).ToEnumerable())
        {
            var key = (row["c"].AsString, row["s"].AsString);
            byState[key] = byState.GetValueOrDefault(key) + 1;
        }

        // A failing target of a subscriber has the subscriber's key; configured recipients may be failing too and are not counted.
        var failing = store.Collection<Channels.Outbox.FailingTarget>().FindAll()
            .Where(f => subscribers.FindById(f.Id) is { State: SubscriberState.Active })
            .CountBy(f => f.Channel)
            .ToDictionary(StringComparer.Ordinal);
        var tallies = store.Collection<SubscriberTally>().FindAll().ToDictionary(t => t.Id, t => t.Unsubscribed);
        return Channels.ChannelNames.All.Select(channel =>
        {
            var failingCount = failing.GetValueOrDefault(channel);
            return new SubscriberCounts(
                channel,
                Pending: byState.GetValueOrDefault((channel, nameof(SubscriberState.Pending))),
                Active: byState.GetValueOrDefault((channel, nameof(SubscriberState.Active))) - failingCount,
                Failing: failingCount,
                Unsubscribed: tallies.GetValueOrDefault(channel));
        }).ToList();
    }

    /// <summary>SHA-256 hex of a secret: only this is stored, so a copy of the database confirms nobody.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private string Normalise(string channel, string? address)
    {
        var normalised = SubscriberAddresses.Normalise(channel, address);
        RefusePrivateWebhook(channel, normalised);
        return normalised;
    }

    /// <summary>
    /// A webhook URL must resolve to public addresses only (unless <see cref="SubscribersOptions.AllowPrivateWebhooks"/>):
    /// checked once more at connect time, but refused here first so no entry point stores one.
    /// </summary>
    private void RefusePrivateWebhook(string channel, string url)
    {
        if (channel != ChannelNames.Webhook || options.Value.AllowPrivateWebhooks)
        {
            return;
        }

        try
        {
            PrivateNetworks.ResolvePublic(new Uri(WebhookEndpointService.CheckUrl(url)).IdnHost);
        }
        catch (WebhookAddressException ex)
        {
            throw new ValidationException(ex.Message);
        }
    }

    /// <summary>Stores a new subscriber, or one in place of <paramref name="existing"/> through the versioned update.</summary>
    private static Subscriber Save(WriteScope scope, Subscriber? existing, Subscriber subscriber) =>
        existing is null ? scope.Insert(subscriber) : scope.Update(subscriber with { Version = existing.Version }, What);

    private static List<string> CheckComponents(WriteScope scope, bool allComponents, IReadOnlyCollection<string>? componentIds)
    {
        if (allComponents)
        {
            return [];
        }

        var ids = (componentIds ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            throw SubscriptionChoice.NoComponent();
        }

        return KnownComponents.Require(scope, ids);
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
