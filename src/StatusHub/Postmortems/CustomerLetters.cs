using Microsoft.Extensions.Options;
using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.Channels.Email;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Telegram;
using StatusHub.Channels.Templates;
using StatusHub.Localization;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Subscribers.Staff;
using StatusHub.Text;

namespace StatusHub.Postmortems;

/// <summary>A pasted or uploaded address that will not get the letter: its row, what it held, and why.</summary>
public sealed record LetterReject(int Row, string Value, string Reason);

/// <summary>The addresses a pasted or uploaded list yields (each with the language its row gave, if any), and the rows that were refused.</summary>
public sealed record LetterList(IReadOnlyList<Recipient> Addresses, IReadOnlyList<LetterReject> Rejects);

/// <summary>Where letters point readers for future incidents; <see cref="Problems"/> names the keys to fix.</summary>
public sealed record LetterLinks(string? TelegramChannelUrl, string? TelegramGroupUrl, IReadOnlyList<string> Problems);

/// <summary>A customer letter that went out: the notification it was queued as.</summary>
public sealed record PostmortemLetter
{
    /// <summary>The notification's id.</summary>
    public required string Id { get; init; }

    public required string PostmortemId { get; init; }
    public int Recipients { get; init; }

    /// <summary>Addresses left out because an earlier letter of the same post-mortem already went to them.</summary>
    public int AlreadySent { get; init; }

    public required string SentBy { get; init; }
    public DateTime SentAt { get; init; }
}

/// <summary>
/// Letters from a published post-mortem to the customers it affected, through the backup email channel: the email
/// subscribers of the affected components and any list staff paste or upload. Built from the public copy only.
/// </summary>
public sealed class CustomerLetters(
    LiteStore store,
    TimeProvider time,
    NotificationPublisher publisher,
    MessageRenderer renderer,
    IOptionsMonitor<PostmortemsOptions> options,
    IOptionsMonitor<TelegramOptions> telegram)
{
    public const int MaxNoteLength = 2_000;
    public const int MaxListBytes = 1024 * 1024;
    public const int MaxListAddresses = 10_000;

    public LetterLinks Links()
    {
        var current = options.CurrentValue;
        var (channel, channelProblem) = PostmortemsOptions.Link(nameof(PostmortemsOptions.TelegramChannelUrl), current.TelegramChannelUrl);
        var (group, groupProblem) = PostmortemsOptions.Link(nameof(PostmortemsOptions.TelegramGroupUrl), current.TelegramGroupUrl);
        // A public channel's @name is its link; a private channel or a group needs an invitation link configured.
        if (channel is null && channelProblem is null && telegram.CurrentValue.ChannelChatId?.Trim() is ['@', .. var name] && name.Length > 0)
        {
            channel = $"https://t.me/{Uri.EscapeDataString(name)}";
        }

        return new LetterLinks(channel, group, [.. new[] { channelProblem, groupProblem }.OfType<string>()]);
    }

    /// <summary>Null when the backup email channel can send; otherwise why not.</summary>
    public string? EmailProblem => publisher.ProblemOf(ChannelNames.Email);

    /// <summary>Active email subscribers who follow a component the post-mortem is about (or everything); addresses that refused mail or unsubscribed are left out.</summary>
    public IReadOnlyList<string> AffectedSubscribers(string postmortemId)
    {
        var copy = Published(store, postmortemId);
        return [.. new SubscriberRecipients().Targets(ChannelNames.Email, Content(copy, null), store).Select(r => r.Target)];
    }

    /// <summary>
    /// Reads a pasted or uploaded list: a CSV with an <c>email</c> column and optionally <c>language</c>, or one address a
    /// line. Each address is checked as the sign-up form checks it; repeats, unknown languages, unsubscribed addresses and
    /// ones that refused our mail are rejected by row.
    /// </summary>
    public LetterList ReadList(TextReader csv)
    {
        var suppressed = store.Collection<EmailSuppression>().FindAll().Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var failing = store.Collection<FailingTarget>().Find(f => f.Channel == ChannelNames.Email).Select(f => f.Target).ToHashSet(StringComparer.Ordinal);
        var addresses = new List<Recipient>();
        var rejects = new List<LetterReject>();
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        int? column = null;
        int? languageColumn = null;
        foreach (var (row, cells) in SubscriberCsv.Read(csv))
        {
            if (column is null)
            {
                var header = SubscriberCsv.Column(cells, "email");
                column = header ?? 0;
                if (header is not null)
                {
                    languageColumn = SubscriberCsv.Column(cells, "language");
                    continue;
                }
            }

            var value = cells.ElementAtOrDefault(column.Value)?.Trim() ?? "";
            if (value.Length == 0)
            {
                continue;
            }

            string address;
            try
            {
                address = SubscriberAddresses.Normalise(ChannelNames.Email, value);
            }
            catch (ValidationException)
            {
                rejects.Add(new(row, Ellipsis.Shorten(value, 80), "not an email address"));
                continue;
            }

            if (!SubscriberCsv.TryLanguage(cells, languageColumn, out var reads, out var unknownLanguage))
            {
                rejects.Add(new(row, Ellipsis.Shorten(value, 80), unknownLanguage!));
                continue;
            }

            var reason = !firstRow.TryAdd(address, row) ? $"repeats row {firstRow[address]}"
                : suppressed.Contains(address) ? "unsubscribed from our email"
                : failing.Contains(address) ? "refused our mail before"
                : addresses.Count >= MaxListAddresses ? $"past the {MaxListAddresses:N0} addresses one letter may go to"
                : null;
            if (reason is null)
            {
                addresses.Add(new Recipient(address, reads));
            }
            else
            {
                rejects.Add(new(row, Ellipsis.Shorten(value, 80), reason));
            }
        }

        return new LetterList(addresses, rejects);
    }

    /// <summary>The email as it will be sent (each recipient's own unsubscribe link goes in when it is addressed).</summary>
    public ChannelMessage Preview(string postmortemId, string? note) =>
        renderer.Render(ChannelNames.Email, Content(Published(store, postmortemId), CheckNote(note)));

    /// <summary>
    /// Queues the letter (admins only) to the affected subscribers and/or the addresses given; returns what was queued.
    /// Each reads it in their language: the one a listed row gave, else theirs as a subscriber, else the page's.
    /// </summary>
    public PostmortemLetter Send(string postmortemId, string? note, bool toSubscribers, IReadOnlyCollection<Recipient> addresses, string actor)
    {
        var checkedNote = CheckNote(note);
        if (addresses.Count > MaxListAddresses)
        {
            throw new ValidationException($"A letter goes to at most {MaxListAddresses:N0} addresses from a list; this list has {addresses.Count:N0}.");
        }

        var listed = addresses.Select(a => new Recipient(
                SubscriberAddresses.Normalise(ChannelNames.Email, a.Target),
                a.Language is null ? null : Languages.Normalize(a.Language) ?? throw new ValidationException($"The language of {a.Target} is one of {string.Join(", ", Languages.Supported)}, or none for the page's.")))
            .ToList();
        if (EmailProblem is { } problem)
        {
            throw new ValidationException($"The backup email channel is off ({problem}), so no letter can be sent.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var sent = store.Write(
            scope =>
            {
                PostmortemService.RequireAdmin(scope, actor, "Only an admin can send a customer letter.");
                var copy = Published(scope, postmortemId);
                var content = Content(copy, checkedNote);
                var suppressed = scope.Collection<EmailSuppression>();
                var failing = scope.Collection<FailingTarget>();
                var subscribers = scope.Collection<Subscriber>();
                var reachable = listed
                    .Select(r => r.Language is null && subscribers.FindById(Subscriber.KeyFor(ChannelNames.Email, r.Target)) is { Language: { } theirs } ? r with { Language = theirs } : r)
                    .Concat(toSubscribers ? new SubscriberRecipients().Targets(ChannelNames.Email, content, scope) : [])
                    .DistinctBy(r => r.Target, StringComparer.Ordinal)
                    .Where(r => suppressed.FindById(r.Target) is null && failing.FindById(FailingTarget.KeyFor(ChannelNames.Email, r.Target)) is null)
                    .ToList();
                var hadIt = EarlierRecipients(scope, copy.Id);
                var targets = reachable.Where(r => !hadIt(r.Target)).ToList();
                if (targets.Count == 0)
                {
                    throw new ValidationException(reachable.Count == 0
                        ? "Nobody to send the letter to: no email subscriber follows the affected components and no address was added."
                        : $"Everyone this letter would go to already received this post-mortem's letter ({reachable.Count:N0} {(reachable.Count == 1 ? "address" : "addresses")}); nobody gets it twice.");
                }

                var notification = publisher.EnqueueTo(scope, content, ChannelNames.Email, targets, actor, now)
                    ?? throw new ValidationException("The backup email channel did not take the letter; check it on the Channels page.");
                var letter = new PostmortemLetter
                {
                    Id = notification.Id, PostmortemId = copy.Id, Recipients = targets.Count, AlreadySent = reachable.Count - targets.Count, SentBy = actor, SentAt = now,
                };
                scope.Collection<PostmortemLetter>().Insert(letter);
                scope.Audit(now, actor, "postmortem.letter_sent", $"postmortem:{copy.Id}", $"{targets.Count} recipients, {letter.AlreadySent} left out as already sent; notice {notification.Id}");
                return letter;
            },
            affectsStatusPage: false);
        return sent;
    }

    /// <summary>Letters already sent for this post-mortem, newest first.</summary>
    public IReadOnlyList<PostmortemLetter> Sent(string postmortemId) =>
        store.Collection<PostmortemLetter>().Find(l => l.PostmortemId == postmortemId).OrderByDescending(l => l.SentAt).ToList();

    /// <summary>
    /// Whether an earlier letter of the post-mortem was queued to an address: its delivery row (keyed by notification,
    /// channel and address), or a fan-out chunk not yet written out as rows. A list pasted after the subscribers were
    /// written to, or a second click, reaches nobody twice.
    /// </summary>
    private static Func<string, bool> EarlierRecipients(WriteScope scope, string postmortemId)
    {
        var letters = scope.Collection<PostmortemLetter>().Find(l => l.PostmortemId == postmortemId).Select(l => l.Id).ToList();
        if (letters.Count == 0)
        {
            return _ => false;
        }

        var deliveries = scope.Collection<Delivery>();
        var chunks = scope.Collection<FanOutChunk>();
        var unwritten = letters.SelectMany(id => chunks.Find(c => c.NotificationId == id)).SelectMany(c => c.Targets).ToHashSet(StringComparer.Ordinal);
        return address => unwritten.Contains(address)
            || letters.Any(id => deliveries.FindById(Delivery.KeyFor(id, ChannelNames.Email, address)) is not null);
    }

    private NotificationContent Content(PublishedPostmortem copy, string? note)
    {
        var links = Links();
        return CustomerLetterNotice.For(copy, publisher.Page, note, links.TelegramChannelUrl, links.TelegramGroupUrl);
    }

    private static string? CheckNote(string? note) => Validate.OptionalBody(note, "Note", MaxNoteLength);

    private static PublishedPostmortem Published(IDocumentReader reader, string id) =>
        (Ids.IsWellFormed(id) ? reader.Collection<PublishedPostmortem>().FindById(id) : null)
        ?? throw new ValidationException("Publish the post-mortem first: the letter is made from what customers can read.");
}
