using StatusHub.Audit;
using StatusHub.Incidents;
using StatusHub.Postmortems;
using StatusHub.Staff;
using StatusHub.Storage;

namespace StatusHub.Tests.Postmortems;

public class PostmortemServiceTests : IDisposable
{
    private readonly TestStore _store = new();
    private readonly PostmortemService _postmortems;

    public PostmortemServiceTests()
    {
        _postmortems = _store.Postmortems();
        _store.AddStaff(PostmortemApp.Admin, StaffRoles.Admin);
        _store.AddStaff(PostmortemApp.Editor, StaffRoles.Editor);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public void StartsADraftFromTheChosenSkeletonTitledAfterTheIncident()
    {
        var incident = _store.ResolvedIncident();

        var postmortem = _postmortems.Start(incident.Id, "short", PostmortemApp.Editor);

        Assert.Equal((incident.Id, PostmortemStatus.Draft, "Mail delivery delayed", "short"), (postmortem.Id, postmortem.Status, postmortem.Title, postmortem.Skeleton));
        Assert.Equal(PostmortemApp.Skeletons.Find("short")!.Body, postmortem.Body);
        Assert.Contains(_store.Store.Collection<AuditEntry>().FindAll(), e => e.Action == "postmortem.started" && e.Actor == PostmortemApp.Editor);
    }

    [Fact]
    public void RefusesAnIncidentThatIsNotResolvedOrAlreadyHasOne()
    {
        var open = _store.Incidents.Open(new NewIncident("Still burning", null, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), "oncall@example.com");
        var resolved = _store.ResolvedIncident();
        _postmortems.Start(resolved.Id, "full", PostmortemApp.Editor);

        var notResolved = Assert.Throws<ValidationException>(() => _postmortems.Start(open.Id, "full", PostmortemApp.Editor));
        var twice = Assert.Throws<ValidationException>(() => _postmortems.Start(resolved.Id, "full", PostmortemApp.Editor));
        var unknownSkeleton = Assert.Throws<ValidationException>(() => _postmortems.Start(_store.ResolvedIncident(title: "Other").Id, "../../etc/passwd", PostmortemApp.Editor));

        Assert.Contains("not resolved yet", notResolved.Message);
        Assert.Contains("already has a post-mortem", twice.Message);
        Assert.Contains("choose one of full, short", unknownSkeleton.Message);
    }

    [Fact]
    public void SavingADraftNeverTouchesThePublicPage()
    {
        var incident = _store.ResolvedIncident();
        var started = _postmortems.Start(incident.Id, "full", PostmortemApp.Editor);
        var changes = 0;
        _store.Store.Changed += () => changes++;

        var saved = _postmortems.Save(incident.Id, started.Version, PostmortemDraft.Of(started) with { ShortStory = "A disk filled up." }, PostmortemApp.Editor);

        Assert.Equal(0, changes);
        Assert.Equal(("A disk filled up.", started.Version + 1, PostmortemApp.Editor), (saved.ShortStory, saved.Version, saved.UpdatedBy));
    }

    public static TheoryData<string, Func<PostmortemDraft, PostmortemDraft>> Oversized => new()
    {
        { "Title is too long", d => d with { Title = new string('t', Postmortem.MaxTitleLength + 1) } },
        { "Short story is too long", d => d with { ShortStory = new string('s', Postmortem.MaxShortStoryLength + 1) } },
        { "Post-mortem text is too long", d => d with { Body = new string('b', Postmortem.MaxBodyLength + 1) } },
        { "Customer impact sentence is too long", d => d with { CustomerImpact = new string('c', Postmortem.MaxCustomerImpactLength + 1) } },
        { "Data loss statement is too long", d => d with { DataLoss = new string('d', Postmortem.MaxDataLossLength + 1) } },
        { "Answer 1 is too long", d => d with { Faq = [new FaqEntry("Why?", new string('a', FaqEntry.MaxAnswerLength + 1))] } },
        { "at most 30 questions", d => d with { Faq = [.. Enumerable.Repeat(new FaqEntry("Q", "A"), Postmortem.MaxFaq + 1)] } },
        { "Timeline event text is required", d => d with { Events = [new TimelineEvent(Ids.New(), TestStore.Start.UtcDateTime.AddHours(-1), "  ", false)] } },
        { "cannot be in the future", d => d with { Events = [new TimelineEvent(Ids.New(), TestStore.Start.UtcDateTime.AddMinutes(1), "Later", false)] } },
        { "more than 30 days before the incident began", d => d with { Events = [new TimelineEvent(Ids.New(), TestStore.Start.UtcDateTime.AddDays(-40), "Long ago", false)] } },
        { "missing or repeated id", d => d with { Events = [new TimelineEvent("x", TestStore.Start.UtcDateTime, "a", false), new TimelineEvent("x", TestStore.Start.UtcDateTime, "b", false)] } },
        { "Action item description is required", d => d with { ActionItems = [new ActionItem(Ids.New(), "", null, null, ActionItemStatus.Open, true)] } },
        { "Action item owner is too long", d => d with { ActionItems = [new ActionItem(Ids.New(), "Alert on disk", new string('o', ActionItem.MaxOwnerLength + 1), null, ActionItemStatus.Open, true)] } },
        { "more than five years away", d => d with { ActionItems = [new ActionItem(Ids.New(), "Alert on disk", null, new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc), ActionItemStatus.Open, true)] } },
    };

    [Theory]
    [MemberData(nameof(Oversized))]
    public void RefusesABadDraftWithAMessageAndKeepsWhatWasSaved(string message, Func<PostmortemDraft, PostmortemDraft> change)
    {
        var incident = _store.ResolvedIncident();
        var started = _postmortems.Start(incident.Id, "full", PostmortemApp.Editor);

        var refused = Assert.Throws<ValidationException>(() => _postmortems.Save(incident.Id, started.Version, change(PostmortemDraft.Of(started)), PostmortemApp.Editor));

        Assert.Contains(message, refused.Message);
        Assert.Equal(started.Version, _postmortems.Get(incident.Id).Version);
    }

    [Fact]
    public void ASaveAgainstAnOlderVersionIsAConflict()
    {
        var incident = _store.ResolvedIncident();
        var started = _postmortems.Start(incident.Id, "full", PostmortemApp.Editor);
        _postmortems.Save(incident.Id, started.Version, PostmortemDraft.Of(started) with { Title = "Theirs" }, "colleague@example.com");

        Assert.Throws<ConcurrencyConflictException>(() => _postmortems.Save(incident.Id, started.Version, PostmortemDraft.Of(started) with { Title = "Mine" }, PostmortemApp.Editor));
        Assert.Equal("Theirs", _postmortems.Get(incident.Id).Title);
    }

    [Fact]
    public void EditsAreAuditedOnceForEachStretchOfEditingByOnePerson()
    {
        var incident = _store.ResolvedIncident();
        var postmortem = _postmortems.Start(incident.Id, "full", PostmortemApp.Editor);
        _store.Time.Advance(PostmortemService.EditingStretch);

        foreach (var (body, by) in new[] { ("one", PostmortemApp.Editor), ("two", PostmortemApp.Editor), ("three", PostmortemApp.Admin), ("four", PostmortemApp.Admin) })
        {
            _store.Time.Advance(TimeSpan.FromSeconds(5));
            postmortem = _postmortems.Save(incident.Id, postmortem.Version, PostmortemDraft.Of(postmortem) with { Body = body }, by);
        }

        _store.Time.Advance(PostmortemService.EditingStretch);
        _postmortems.Save(incident.Id, postmortem.Version, PostmortemDraft.Of(postmortem) with { Body = "five" }, PostmortemApp.Admin);

        var edits = _store.Store.Collection<AuditEntry>().Find(e => e.Action == "postmortem.edited").OrderBy(e => e.Id).ToList();
        Assert.Equal([PostmortemApp.Editor, PostmortemApp.Admin, PostmortemApp.Admin], edits.Select(e => e.Actor));
        Assert.Equal(["one", "three", "five"], edits.Select(e => e.Details[(e.Details.LastIndexOf(' ') + 1)..]));
    }

    [Fact]
    public void GoesFromDraftToReviewAndBack()
    {
        var incident = _store.ResolvedIncident();
        var started = _postmortems.Start(incident.Id, "full", PostmortemApp.Editor);

        var inReview = _postmortems.SendForReview(incident.Id, started.Version, PostmortemApp.Editor);
        var twice = Assert.Throws<ValidationException>(() => _postmortems.SendForReview(incident.Id, inReview.Version, PostmortemApp.Editor));
        var back = _postmortems.BackToDraft(incident.Id, inReview.Version, PostmortemApp.Editor);

        Assert.Equal(PostmortemStatus.InReview, inReview.Status);
        Assert.Contains("is in review, not draft", twice.Message);
        Assert.Equal(PostmortemStatus.Draft, back.Status);
    }

    [Fact]
    public void ListsResolvedIncidentsThatHaveNoPostmortemYet()
    {
        var first = _store.ResolvedIncident(title: "First");
        _store.Time.Advance(TimeSpan.FromHours(1));
        var second = _store.ResolvedIncident(title: "Second");
        _store.Incidents.Open(new NewIncident("Open", null, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), "oncall@example.com");
        _postmortems.Start(first.Id, "full", PostmortemApp.Editor);

        Assert.Equal([second.Id], _postmortems.ResolvedWithoutPostmortem().Select(i => i.Id));
    }

    [Fact]
    public void WillNotPublishWithoutAnAnswerToWasAnyDataLost()
    {
        var incident = _store.ResolvedIncident();
        var inReview = _postmortems.ReadyForReview(incident, d => d with { DataLoss = "  " });

        var refused = Assert.Throws<ValidationException>(() => _postmortems.Publish(incident.Id, inReview.Version, PostmortemApp.Admin));

        Assert.Contains("Answer \"Was any data lost?\" before publishing", refused.Message);
        Assert.Null(_postmortems.Published(incident.Id));
        Assert.Contains(_postmortems.Problems(inReview), p => p.Contains("Was any data lost?", StringComparison.Ordinal));
    }

    [Fact]
    public void WillNotPublishAQuestionWithoutAnAnswer()
    {
        var incident = _store.ResolvedIncident();
        var inReview = _postmortems.ReadyForReview(incident, d => d with { Faq = [new FaqEntry("Was my mail read by anyone?", "")] });

        var refused = Assert.Throws<ValidationException>(() => _postmortems.Publish(incident.Id, inReview.Version, PostmortemApp.Admin));

        Assert.Contains("Every question in the FAQ needs an answer", refused.Message);
    }

    [Fact]
    public void OnlyAnActiveAdminPublishes()
    {
        var incident = _store.ResolvedIncident();
        var inReview = _postmortems.ReadyForReview(incident);
        _store.AddStaff("former-admin@example.com", StaffRoles.Admin);
        _store.Store.Write(scope =>
        {
            var former = scope.Collection<StaffAccount>().FindOne(a => a.Email == "former-admin@example.com");
            scope.Update(former with { Disabled = true }, "account");
        });

        foreach (var actor in new[] { PostmortemApp.Editor, "former-admin@example.com", "nobody@example.com" })
        {
            var refused = Assert.Throws<ValidationException>(() => _postmortems.Publish(incident.Id, inReview.Version, actor));
            Assert.Equal("Only an admin can publish a post-mortem. Ask an admin to review and publish it.", refused.Message);
        }

        Assert.Null(_postmortems.Published(incident.Id));
    }

    [Fact]
    public void ADraftIsSentForReviewBeforeItIsPublished()
    {
        var incident = _store.ResolvedIncident();
        var started = _postmortems.Start(incident.Id, "full", PostmortemApp.Editor);

        var refused = Assert.Throws<ValidationException>(() => _postmortems.Publish(incident.Id, started.Version, PostmortemApp.Admin));

        Assert.Contains("send it for review first", refused.Message);
    }

    [Fact]
    public void PublishingCopiesThePublicPartsAndRebuildsThePublicPage()
    {
        var incident = _store.ResolvedIncident();
        var inReview = _postmortems.ReadyForReview(incident);
        using var snapshots = _store.Snapshots();

        var published = _postmortems.Publish(incident.Id, inReview.Version, PostmortemApp.Admin);

        Assert.Equal((PostmortemStatus.Published, 1, false), (published.Status, published.PublishedNumber, published.HasUnpublishedChanges));
        var copy = snapshots.Current.PostmortemsByIncident[incident.Id];
        Assert.True(snapshots.Current.HasPublishedPostmortem(incident.Id));
        Assert.Equal(("Mail delivery delayed", "A full disk on one mail server delayed mail for two hours.", 1, false), (copy.Title, copy.ShortStory, copy.Number, copy.WasUpdated));
        Assert.Equal((_store.Now, _store.Now), (copy.FirstPublishedAt, copy.PublishedAt));
        var revision = Assert.Single(_postmortems.Revisions(incident.Id));
        Assert.Equal((1, PostmortemApp.Admin), (revision.Number, revision.PublishedBy));
    }

    [Fact]
    public void EditsAfterPublishingWaitForTheNextPublicationWhichKeepsThePreviousVersion()
    {
        var incident = _store.ResolvedIncident();
        var published = _postmortems.Publish(incident.Id, _postmortems.ReadyForReview(incident).Version, PostmortemApp.Admin);
        _store.Time.Advance(TimeSpan.FromDays(2));

        var edited = _postmortems.Save(incident.Id, published.Version, PostmortemDraft.Of(published) with { ShortStory = "A full disk delayed mail; we now alert at 80 %." }, PostmortemApp.Editor);

        Assert.True(edited.HasUnpublishedChanges);
        Assert.Equal(PostmortemStatus.Published, edited.Status);
        Assert.Equal("A full disk on one mail server delayed mail for two hours.", _postmortems.Published(incident.Id)!.ShortStory);

        var republished = _postmortems.Publish(incident.Id, edited.Version, PostmortemApp.Admin);
        var nothingNew = Assert.Throws<ValidationException>(() => _postmortems.Publish(incident.Id, republished.Version, PostmortemApp.Admin));

        var copy = _postmortems.Published(incident.Id)!;
        Assert.Equal(("A full disk delayed mail; we now alert at 80 %.", 2, true), (copy.ShortStory, copy.Number, copy.WasUpdated));
        Assert.Equal((TestStore.Start.UtcDateTime, _store.Now), (copy.FirstPublishedAt, copy.PublishedAt));
        Assert.Equal(
            [(2, "A full disk delayed mail; we now alert at 80 %."), (1, "A full disk on one mail server delayed mail for two hours.")],
            _postmortems.Revisions(incident.Id).Select(r => (r.Number, r.Copy.ShortStory)));
        Assert.Contains("Nothing has changed", nothingNew.Message);
    }
}
