using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Tests.Storage;

public class LiteStoreTests
{
    [Fact]
    public void ReadsTimesBackAsUtc()
    {
        using var store = new TestStore();
        var created = store.Component();

        var read = store.Components.Get(created.Id);

        Assert.Equal(DateTimeKind.Utc, read.CreatedAt.Kind);
        Assert.Equal(TestStore.Start.UtcDateTime, read.CreatedAt);
    }

    [Fact]
    public void SecondSaveOfTheSameVersionIsAConflictAndKeepsTheFirst()
    {
        using var store = new TestStore();
        var original = store.Component("Webmail");
        var alice = original with { Name = "Webmail (EU)" };
        var bob = original with { Name = "Webmail (US)" };

        store.Components.Update(alice, "alice@example.com");
        var conflict = Assert.Throws<ConcurrencyConflictException>(() => store.Components.Update(bob, "bob@example.com"));

        Assert.Contains("changed by someone else", conflict.Message);
        Assert.Equal("Webmail (EU)", store.Components.Get(original.Id).Name);
    }

    [Fact]
    public void AFailedWriteLeavesNothingHalfSaved()
    {
        using var store = new TestStore();
        var api = store.Component();

        Assert.Throws<ValidationException>(() => store.Incidents.Open(
            new NewIncident("Outage", null, new UpdateDraft(IncidentStatus.Investigating, "Looking", null,
                new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.MajorOutage, ["nosuchcomponent"] = ComponentStatus.MajorOutage })),
            "tester@example.com"));

        Assert.Empty(store.Incidents.Recent());
        Assert.Equal(ComponentStatus.Operational, store.Components.Get(api.Id).Status);
    }
}
