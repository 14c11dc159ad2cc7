using StatusHub.Staff.Telegram;

namespace StatusHub.Tests.Staff.Telegram;

public class TelegramCallbacksTests
{
    private const long Alice = 1001;
    private const long Mallory = 6666;

    [Fact]
    public void UsesAButtonOnceSoADoubleTapDoesTheActionOnce()
    {
        using var store = new TestStore();
        var callbacks = store.Get<TelegramCallbacks>();
        var data = callbacks.Issue("incident.publish", "draft-1", Alice);

        var first = callbacks.Take(data, Alice, out var firstRefusal);
        var second = callbacks.Take(data, Alice, out var secondRefusal);

        Assert.Equal(("incident.publish", "draft-1"), (first?.Action, first?.Payload));
        Assert.Null(firstRefusal);
        Assert.Null(second);
        Assert.Equal("This was done already.", secondRefusal);
        Assert.True(data.Length <= 64);
    }

    [Fact]
    public void RedeemsForgedForeignAndExpiredButtonsToNothing()
    {
        using var store = new TestStore();
        var callbacks = store.Get<TelegramCallbacks>();
        var data = callbacks.Issue("incident.publish", "draft-1", Alice);

        Assert.Null(callbacks.Take("s:incident.publish:draft-1", Alice, out var forged));
        Assert.Equal("This button is not known (any more).", forged);
        Assert.Null(callbacks.Take(data, Mallory, out var foreign));
        Assert.Equal("This button belongs to whoever started it.", foreign);
        store.Time.Advance(TelegramCallbacks.DefaultLifetime);
        Assert.Null(callbacks.Take(data, Alice, out var expired));
        Assert.Equal("This button has expired: start again.", expired);
    }

    [Fact]
    public void LetsAnyoneUseAnUnboundButtonUntilItIsRevoked()
    {
        using var store = new TestStore();
        var callbacks = store.Get<TelegramCallbacks>();
        var data = callbacks.Issue("incidents.open", "inc-1", forUserId: null);

        Assert.NotNull(callbacks.Find(data, Alice));
        Assert.NotNull(callbacks.Find(data, Mallory));
        callbacks.Revoke("incidents.open", "inc-1", "That list was replaced.");

        Assert.Null(callbacks.Find(data, Alice));
        Assert.Null(callbacks.Take(data, Alice, out var refusal));
        Assert.Equal("That list was replaced.", refusal);
    }

    [Fact]
    public void ForgetsOnlyButtonsLongExpiredWhenIssuingANewOne()
    {
        using var store = new TestStore();
        var callbacks = store.Get<TelegramCallbacks>();
        var old = callbacks.Issue("incident.publish", "draft-1", Alice);
        store.Time.Advance(TelegramCallbacks.DefaultLifetime + TelegramCallbacks.KeptAfterExpiry + TimeSpan.FromMinutes(1));
        var recent = callbacks.Issue("incident.publish", "draft-2", Alice);
        var live = callbacks.Issue("incident.publish", "draft-3", Alice);

        Assert.Equal(
            ["draft-2", "draft-3"],
            store.Store.Collection<TelegramCallback>().FindAll().Select(c => c.Payload).Order(StringComparer.Ordinal));
        Assert.NotNull(callbacks.Find(recent, Alice));
        Assert.NotNull(callbacks.Find(live, Alice));
        Assert.Null(callbacks.Find(old, Alice));
    }
}
