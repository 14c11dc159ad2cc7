using System.Reflection;
using Microsoft.AspNetCore.Components;
using StatusHub.Channels.Outbox;

namespace StatusHub.Tests.Channels.Outbox;

public class OutboxReadModelTests
{
    [Fact]
    public void StaffPagesReadTheOutboxThroughTheReadModelAndNeverHoldTheDeliveryEngine()
    {
        var injected = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ComponentBase).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(p => p.IsDefined(typeof(InjectAttribute)))
                .Select(p => (Page: t.Name, Service: p.PropertyType)))
            .ToList();

        Assert.Equal(["ManageChannels", "Notifications"], injected.Where(i => i.Service == typeof(OutboxReadModel)).Select(i => i.Page).Order());
        Assert.DoesNotContain(injected, i => i.Service == typeof(OutboxStore));
    }
}
