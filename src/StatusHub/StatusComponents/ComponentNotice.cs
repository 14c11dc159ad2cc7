using System.Text.Json.Nodes;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.StatusPage;
using StatusHub.Storage;
using static StatusHub.Channels.Outbox.NotificationContent;

namespace StatusHub.StatusComponents;

/// <summary>A component status change, shaped like Statuspage's component webhook; it goes to webhooks only.</summary>
public static class ComponentNotice
{
    /// <summary>
    /// Queues one component webhook per changed component, when the publish includes webhooks. <paramref name="overall"/>
    /// is the page's status once the write is saved (<see cref="OverallStatus.Read"/>).
    /// </summary>
    public static void EnqueueComponentChanges(this NotificationPublisher publisher, WriteScope scope, IReadOnlyList<ComponentStatusChanged> changes, OverallStatus overall, PublishChoice? choice, string actor, DateTime now)
    {
        if (changes.Count == 0 || !(choice ?? PublishChoice.AllChannels).Includes(ChannelNames.Webhook))
        {
            return;
        }

        foreach (var change in changes)
        {
            publisher.Enqueue(scope, For(change, publisher.Page, overall), new PublishChoice([ChannelNames.Webhook]), actor, now);
        }
    }

    public static NotificationContent For(ComponentStatusChanged change, PageInfo page, OverallStatus overall)
    {
        var component = change.Component;
        var model = BaseModel(NotificationEvent.ComponentUpdated, page, component.Name, page.Url, page.Url);
        model["component"] = new Dictionary<string, object?>
        {
            ["id"] = component.Id,
            ["name"] = component.Name,
            ["status"] = component.Status.ToWire(),
            ["status_label"] = LocalText.Word($"component.{component.Status.ToWire()}"),
            ["old_status"] = change.OldStatus.ToWire(),
        };
        var payload = overall.WebhookMeta(page);
        payload["component_update"] = new JsonObject
        {
            ["id"] = $"{component.Id}-{change.At.Ticks:x}",
            ["component_id"] = component.Id,
            ["created_at"] = Iso(change.At),
            ["old_status"] = change.OldStatus.ToWire(),
            ["new_status"] = component.Status.ToWire(),
        };
        payload["component"] = new JsonObject
        {
            ["id"] = component.Id,
            ["name"] = component.Name,
            ["status"] = component.Status.ToWire(),
            ["group_id"] = component.GroupId,
            ["position"] = component.Position,
            ["description"] = component.Description,
            ["created_at"] = Iso(component.CreatedAt),
            ["updated_at"] = Iso(component.UpdatedAt),
        };
        return new NotificationContent(NotificationEvent.ComponentUpdated, component.Name, $"component:{component.Id}", null, [component.Id], model, payload);
    }
}
