using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Subscribers;

namespace StatusHub.Tests.Subscribers;

public class SubscriberServiceTests
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    [Fact]
    public void APendingSubscriberBecomesActiveWithTheRightSecretOnly()
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));
        var pending = service.StartSignUp(ChannelNames.Email, " Ann@Example.COM ", true, null, "s3cret", Week);

        Assert.Equal(("email:ann@example.com", SubscriberState.Pending), (pending.Id, pending.State));
        Assert.DoesNotContain("s3cret", pending.ConfirmationHash);
        Assert.Equal(ConfirmationResult.Wrong, service.Confirm(pending.Id, "guess"));
        Assert.Equal(ConfirmationResult.Confirmed, service.Confirm(pending.Id, "s3cret"));
        Assert.Equal(ConfirmationResult.AlreadyActive, service.Confirm(pending.Id, "s3cret"));
        Assert.Equal(ConfirmationResult.Wrong, service.Confirm(pending.Id, "guess"));
        Assert.Equal(SubscriberState.Active, service.Find(pending.Id)!.State);
    }

    [Fact]
    public void AnAddressThatStartsWithAnEmojiIsSignedUpAndAuditedMaskedWithTheWholeEmoji()
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));

        var pending = service.StartSignUp(ChannelNames.Email, "😀@example.com", true, null, "s3cret", Week);

        Assert.Equal("email:😀@example.com", pending.Id);
        Assert.Equal("😀•••@example.com", SubscriberAddresses.Mask(ChannelNames.Email, "😀@example.com"));
        Assert.Equal("htt" + new string('•', 24) + "😀ab", SubscriberAddresses.Mask(ChannelNames.Webhook, "https://hooks.example.com/😀ab"));
    }

    [Fact]
    public void ASubscriberAddedByStaffIsConfirmedToNobody()
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));
        service.AddConfirmed(ChannelNames.Email, "ann@example.com", true, null, "staff@example.com");

        Assert.Equal(ConfirmationResult.Wrong, service.Confirm("email:ann@example.com", "anything"));
        Assert.Equal(ConfirmationResult.Wrong, service.Confirm("email:ann@example.com", ""));
        Assert.Equal(ConfirmationResult.Wrong, service.Confirm("email:nobody@example.com", "anything"));
    }

    [Fact]
    public void AnExpiredOrOverTriedConfirmationFails()
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));
        var sms = service.StartSignUp(ChannelNames.Sms, "+44 7700 900123", true, null, "123456", TimeSpan.FromMinutes(10));
        for (var i = 0; i < SubscriberService.MaxConfirmationAttempts; i++)
        {
            Assert.Equal(ConfirmationResult.Wrong, service.Confirm(sms.Id, "000000"));
        }

        Assert.Equal(ConfirmationResult.TooManyAttempts, service.Confirm(sms.Id, "123456"));

        var email = service.StartSignUp(ChannelNames.Email, "bob@example.com", true, null, "token", Week);
        store.Time.Advance(Week + TimeSpan.FromMinutes(1));
        Assert.Equal(ConfirmationResult.Wrong, service.Confirm(email.Id, "guess"));
        Assert.Equal(ConfirmationResult.Expired, service.Confirm(email.Id, "token"));
    }

    [Fact]
    public void SigningUpAgainLeavesAnActiveSubscriptionAlone()
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));
        Assert.True(service.AddConfirmed(ChannelNames.Email, "ann@example.com", true, null, "staff@example.com"));

        var again = service.StartSignUp(ChannelNames.Email, "ann@example.com", true, null, "other", Week);

        Assert.Equal(SubscriberState.Active, again.State);
        Assert.False(service.AddConfirmed(ChannelNames.Email, "ANN@example.com", true, null, "staff@example.com"));
    }

    [Fact]
    public void EveryChangeToASubscriberMovesItsVersionOnByOneStaffAddingOverAPendingSignUpIncluded()
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));
        var api = store.Component("API");
        var id = service.StartSignUp(ChannelNames.Email, "ann@example.com", true, null, "s3cret", Week).Id;
        var versions = new List<int> { service.Find(id)!.Version };

        service.Confirm(id, "guess");
        versions.Add(service.Find(id)!.Version);
        service.StartSignUp(ChannelNames.Email, "ann@example.com", true, null, "again", Week);
        versions.Add(service.Find(id)!.Version);
        service.AddConfirmed(ChannelNames.Email, "ann@example.com", true, null, "staff@example.com");
        versions.Add(service.Find(id)!.Version);
        versions.Add(service.SetComponents(id, false, [api.Id], "ann@example.com").Version);
        versions.Add(service.Find(id)!.Version);

        Assert.Equal([1, 2, 3, 4, 5, 5], versions);
        var bob = service.StartSignUp(ChannelNames.Email, "bob@example.com", true, null, "s3cret", Week);
        service.AddConfirmedBulk(ChannelNames.Email, [new ConfirmedSubscriber("bob@example.com", true, []), new ConfirmedSubscriber("cy@example.com", true, [])], "staff@example.com");
        Assert.Equal((bob.Version + 1, 1), (service.Find(bob.Id)!.Version, service.Find(ChannelNames.Email, "cy@example.com")!.Version));
        Assert.Equal(ConfirmationResult.Confirmed, service.Confirm(service.StartSignUp(ChannelNames.Sms, "+447700900123", true, null, "123456", Week).Id, "123456"));
        Assert.Equal(2, service.Find(ChannelNames.Sms, "+447700900123")!.Version);
    }

    [Theory]
    [InlineData("email", "Ann@Bücher.Example", "ann@bücher.example")]
    [InlineData("email", "ops@mail-1.example.co.uk", "ops@mail-1.example.co.uk")]
    [InlineData("sms", "+33 6 12 34 56 78", "+33612345678")]
    [InlineData("sms", "00 1 (555) 010-0100", "+15550100100")]
    [InlineData("sms", "+998 90 123 45 67", "+998901234567")]
    [InlineData("sms", "+881 6 1234 5678", "+881612345678")]
    [InlineData("sms", "+44 (0)7700 900123", "+447700900123")]
    [InlineData("sms", "0049 ( 0 ) 151 2345 6789", "+4915123456789")]
    [InlineData("sms", "+33(0)6.12.34.56.78", "+33612345678")]
    public void AcceptsAddressesOnTheInternetAndNumbersUnderACountryCode(string channel, string typed, string kept) =>
        Assert.Equal(kept, SubscriberAddresses.Normalise(channel, typed));

    [Theory]
    [InlineData("email", "not-an-address")]
    [InlineData("email", "a@b")]
    [InlineData("email", "a@127.0.0.1")]
    [InlineData("email", "a@[10.0.0.1]")]
    [InlineData("email", "a@b..com")]
    [InlineData("email", "a@-b.com")]
    [InlineData("email", "a@b_c.com")]
    [InlineData("sms", "+999999999999999")]
    [InlineData("sms", "+2812345678")]
    [InlineData("sms", "07700 900123")]
    [InlineData("sms", "+0123456789")]
    [InlineData("sms", "+12345")]
    [InlineData("webhook", "javascript:alert(1)")]
    [InlineData("telegram", "@someone")]
    public void RefusesAddressesThatAreNotValidForTheChannel(string channel, string address)
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));

        Assert.Throws<ValidationException>(() => service.StartSignUp(channel, address, true, null, "x", Week));
    }

    [Fact]
    public void LeavingDeletesTheAddressAndCountsTheDeparture()
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));
        service.AddConfirmed(ChannelNames.Sms, "+447700900123", true, null, "staff@example.com");

        Assert.True(service.Remove("sms:+447700900123", "+447700900123"));

        Assert.Null(service.Find("sms:+447700900123"));
        var sms = service.Counts().Single(c => c.Channel == ChannelNames.Sms);
        Assert.Equal((0, 0, 1), (sms.Pending, sms.Active, sms.Unsubscribed));
        Assert.DoesNotContain(store.Store.Collection<Audit.AuditEntry>().FindAll(), e => e.Details.Contains("+447700900123") || e.Actor.Contains("7700900"));
    }

    [Fact]
    public void LeavingDropsWhatIsStillQueuedAndLeavesTheAddressInNoDeliveryRow()
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));
        var outbox = new OutboxStore(store.Store, store.Time);
        var readModel = new OutboxReadModel(store.Store, store.Time);
        const string number = "+447700900123";
        var others = Enumerable.Range(0, OutboxStore.DirectRows).Select(i => FormattableString.Invariant($"+1555{i:D7}"));
        service.AddConfirmed(ChannelNames.Sms, number, true, null, "staff@example.com");
        Queue(store, "sent", [number]);
        var sent = outbox.Claim(ChannelNames.Sms, 10, store.Now);
        outbox.Complete([.. sent.Select(d => new DeliveryOutcome(d, new SendResult.Sent(), store.Now, TimeSpan.Zero))]);
        Queue(store, "queued", [number]);
        Queue(store, "in-a-chunk", [.. others, number]);

        service.Remove($"sms:{number}", number);

        var rows = store.Store.Collection<Delivery>().FindAll().ToList();
        Assert.DoesNotContain(rows, d => d.Target == number || d.Id.Contains(number));
        var kept = Assert.Single(rows, d => d.NotificationId == "sent");
        Assert.Equal((OutboxStore.ForgottenTarget, DeliveryState.Sent), (kept.Target, kept.State));
        Assert.DoesNotContain(rows, d => d.NotificationId == "queued");
        Assert.DoesNotContain(store.Store.Collection<FanOutChunk>().FindAll(), c => c.Targets.Contains(number));
        Assert.Equal(OutboxStore.DirectRows, readModel.Progress("in-a-chunk").Sum(p => p.Total));
    }

    private static void Queue(TestStore store, string id, IEnumerable<string> numbers) =>
        store.Store.Write(scope => OutboxStore.Enqueue(scope, new Notification { Id = id, Title = id, Messages = { [ChannelNames.Sms] = new ChannelMessage(id) } },
            numbers.Select(n => (ChannelNames.Sms, n)), store.Now));

    [Fact]
    public void OnlyActiveSubscribersFollowingAnAffectedComponentAreTargeted()
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));
        var api = store.Component("API");
        var web = store.Component("Website");
        service.AddConfirmed(ChannelNames.Email, "all@example.com", true, null, "staff");
        service.AddConfirmed(ChannelNames.Email, "api@example.com", false, [api.Id], "staff");
        service.AddConfirmed(ChannelNames.Email, "web@example.com", false, [web.Id], "staff");
        service.StartSignUp(ChannelNames.Email, "pending@example.com", true, null, "x", Week);
        var incident = store.Incidents.Open(new NewIncident("API down", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "x"), [api.Id]), "staff");
        var content = IncidentNotice.For(NotificationEvent.IncidentCreated, incident, incident.Updates[0], new PageInfo("Acme", "https://status.example.com"), OverallStatus.Operational, id => id);

        var targets = new SubscriberRecipients().Targets(ChannelNames.Email, content, store.Store);

        Assert.Equal(["all@example.com", "api@example.com"], targets.Select(t => t.Target).Order());
    }
}
