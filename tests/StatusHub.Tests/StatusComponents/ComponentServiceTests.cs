using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Tests.StatusComponents;

public class ComponentServiceTests
{
    private const string Actor = "editor@example.com";

    [Fact]
    public void MovesAComponentPastItsNeighbourInTheSameGroupSkippingOtherGroups()
    {
        using var store = new TestStore();
        var mail = store.Components.CreateGroup("Mail", null, Actor);
        var smtp = store.Component("SMTP", mail.Id);
        store.Component("API");
        var imap = store.Component("IMAP", mail.Id);

        store.Components.Move(imap.Id, MoveDirection.Up, Actor);

        Assert.Equal(["IMAP", "API", "SMTP"], store.Components.All().Select(c => c.Name));
        Assert.Equal([0, 1, 2], store.Components.All().Select(c => c.Position));
        Assert.Equal(smtp.Version + 1, store.Components.Get(smtp.Id).Version);
    }

    [Fact]
    public void LeavesTheFirstComponentOfAGroupWhereItIsWhenMovedUp()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        store.Component("Web");

        store.Components.Move(api.Id, MoveDirection.Up, Actor);

        Assert.Equal(["API", "Web"], store.Components.All().Select(c => c.Name));
        Assert.Equal(api.Version, store.Components.Get(api.Id).Version);
    }

    [Fact]
    public void MovesDownAndClosesTheGapLeftByADeletedComponent()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        var gone = store.Component("Gone");
        store.Component("Web");
        store.Components.Delete(gone.Id, Actor);

        store.Components.Move(api.Id, MoveDirection.Down, Actor);

        Assert.Equal([("Web", 0), ("API", 1)], store.Components.All().Select(c => (c.Name, c.Position)));
    }

    [Fact]
    public void RefusesToMoveAnUnknownComponent()
    {
        using var store = new TestStore();

        var error = Assert.Throws<NotFoundException>(() => store.Components.Move("nosuchid", MoveDirection.Up, Actor));

        Assert.Equal("There is no component with id 'nosuchid'.", error.Message);
    }
}
