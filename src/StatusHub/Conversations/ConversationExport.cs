using System.Globalization;
using System.Text;
using System.Text.Json;
using StatusHub.Audit;
using StatusHub.Staff;
using StatusHub.Storage;
using StatusHub.Subscribers.Staff;

namespace StatusHub.Conversations;

/// <summary>
/// One conversation or all of them as JSON or CSV (one line per message), for staff only: addresses are personal data,
/// so who took a copy is audited.
/// </summary>
public static class ConversationExport
{
    public const string Path = "/admin/conversations/export";
    public const string CsvHeader = "conversation_id,channel,address,name,telegram,incident_id,state,direction,at,staff,delivery,text";

    public static IEndpointRouteBuilder MapConversationExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (string? id, string? format, HttpContext http, ConversationService conversations, LiteStore store, TimeProvider time) =>
        {
            if (format is not ("json" or "csv"))
            {
                return Results.BadRequest("format is json or csv.");
            }

            IReadOnlyList<ConversationThread> threads;
            if (id is null)
            {
                threads = [.. conversations.Search(null, null, int.MaxValue).Select(c => conversations.Thread(c.Id)).OfType<ConversationThread>()];
            }
            else if (conversations.Thread(id) is { } thread)
            {
                threads = [thread];
            }
            else
            {
                return Results.NotFound();
            }

            var now = time.GetUtcNow().UtcDateTime;
            store.Write(scope => scope.Audit(now, http.User.Identity?.Name ?? "unknown", "conversations.exported", id is null ? "conversation:all" : Conversation.AuditSubject(id), format),
                affectsStatusPage: false);
            http.Response.Headers.CacheControl = "no-store";
            var name = $"conversations-{id ?? "all"}-{now:yyyyMMdd}.{format}";
            return format == "json"
                ? Results.File(JsonSerializer.SerializeToUtf8Bytes(threads.Select(Json), JsonSerializerOptions.Web), "application/json", name)
                : Results.File(Encoding.UTF8.GetBytes(Csv(threads)), "text/csv; charset=utf-8", name);
        }).RequireAuthorization(StaffRoles.StaffPolicy);
        return endpoints;
    }

    public static string Csv(IEnumerable<ConversationThread> threads)
    {
        var csv = new StringBuilder(CsvHeader).Append("\r\n");
        foreach (var (c, messages) in threads)
        {
            foreach (var (m, delivery) in messages)
            {
                csv.AppendJoin(',',
                    SubscriberCsv.Cell(c.Id), SubscriberCsv.Cell(c.Channel), SubscriberCsv.Cell(c.Address), SubscriberCsv.Cell(c.Name ?? ""),
                    SubscriberCsv.Cell(c.TelegramHandle ?? ""), SubscriberCsv.Cell(c.IncidentId ?? ""), SubscriberCsv.Cell(c.State.ToString().ToLowerInvariant()),
                    SubscriberCsv.Cell(m.Direction.ToString().ToLowerInvariant()), SubscriberCsv.Cell(Time(m.At)), SubscriberCsv.Cell(m.StaffEmail ?? ""),
                    SubscriberCsv.Cell(delivery ?? ""), SubscriberCsv.Cell(m.Text)).Append("\r\n");
            }
        }

        return csv.ToString();
    }

    private static object Json(ConversationThread thread) => new
    {
        id = thread.Conversation.Id,
        channel = thread.Conversation.Channel,
        address = thread.Conversation.Address,
        name = thread.Conversation.Name,
        telegram = thread.Conversation.TelegramHandle,
        incident_id = thread.Conversation.IncidentId,
        incident_title = thread.Conversation.IncidentTitle,
        state = thread.Conversation.State.ToString().ToLowerInvariant(),
        created_at = thread.Conversation.CreatedAt,
        last_activity_at = thread.Conversation.LastActivityAt,
        messages = thread.Messages.Select(m => new
        {
            direction = m.Message.Direction.ToString().ToLowerInvariant(),
            at = m.Message.At,
            text = m.Message.Text,
            staff = m.Message.StaffEmail,
            delivery = m.Delivery,
        }),
    };

    private static string Time(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
