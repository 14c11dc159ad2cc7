using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Conversations.Pages;
using StatusHub.Hosting;
using StatusHub.Staff;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Subscribers;

namespace StatusHub.Conversations;

/// <summary>
/// The public Contact us form. A plain form, no script and no cookie, so there is no antiforgery token either: there is
/// nothing a forged post could do in a visitor's name (no session to ride, nothing of theirs to change), and what a
/// flood could do is bounded by the limits per client, per address and in all (<see cref="ContactLimits"/>).
/// </summary>
public static class ContactForm
{
    public const string Path = "/contact";

    /// <summary>The field people never see (the style sheet hides it); a bot that fills it is answered as if it were heard.</summary>
    public const string Honeypot = "website";

    /// <summary>The cascading value public pages get in a static copy: when it was written (null on the live site).</summary>
    public const string ExportedAtCascade = "ExportedAt";

    // Room for the longest message in any script: the limit counts the value's bytes as posted, and a character takes up
    // to 9 of them form-encoded (three UTF-8 bytes, each written %XX); Validate then counts the characters.
    private const int MaxMessageBytes = 9 * ConversationMessage.MaxTextLength;

    private const long MaxBodyBytes = MaxMessageBytes + SubscriptionForms.MaxBodyBytes;

    private static readonly FormOptions Limits = new()
    {
        ValueCountLimit = 20,
        KeyLengthLimit = 32,
        ValueLengthLimit = MaxMessageBytes,
        MultipartBodyLengthLimit = MaxBodyBytes,
        BufferBody = false,
    };

    public static IEndpointRouteBuilder MapContactForm(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(Path, ["GET", "HEAD"], async (HttpContext http, PublicPageRenderer pages, StatusSnapshotService snapshots, ConversationService conversations, IOptions<StatusPageOptions> page, IOptionsMonitor<ConversationsOptions> options) =>
        {
            // One cached page per incident at most: an unknown id in the query gets the plain form, not a page of its own.
            var incident = http.Request.Query["incident"].ToString() is { Length: > 0 } id && snapshots.Current.IncidentsById.TryGetValue(id, out var found) ? found : null;
            var answersByEmail = conversations.AnswersByEmail;
            await PublicPageRenderer.WriteAsync(http, await pages.RenderAsync<ContactPage>(
                (incident is null ? Path : $"{Path}?incident={incident.Id}") + (answersByEmail ? "" : "#email-off"),
                page.Value.PageTitle(page.Value.Words["Nav.Contact"]),
                new Dictionary<string, object?>
                {
                    [nameof(ContactPage.Incident)] = incident,
                    [nameof(ContactPage.RetentionDays)] = options.CurrentValue.RetentionDays,
                    [nameof(ContactPage.AnswersByEmail)] = answersByEmail,
                }));
        });

        endpoints.MapPost(Path, PostAsync).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> PostAsync(HttpContext http, ConversationService conversations, StatusSnapshotService snapshots, IOptionsMonitor<ConversationsOptions> options, ILoggerFactory loggers)
    {
        var form = await SubscriptionForms.ReadAsync(http.Request, MaxBodyBytes, Limits);
        if (form is null)
        {
            return await PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "ContactFormNotReadable", Path);
        }

        var email = form["email"].ToString();
        var name = form["name"].ToString();
        var text = form["message"].ToString();
        var incidentId = form["incident"].ToString();
        if (form[Honeypot].ToString().Length > 0)
        {
            loggers.CreateLogger(typeof(ContactForm).FullName!).LogInformation("Ignored a Contact us post that filled the hidden field");
            return await SentAsync(http, conversations, email);
        }

        ReceivedMessage received;
        try
        {
            received = conversations.Receive(new CustomerMessage(ChannelNames.Email, email, text, name, null, incidentId, SignInBackOff.ClientKey(http.Connection.RemoteIpAddress)));
        }
        catch (ValidationException ex)
        {
            return await FormAgainAsync(http, StatusCodes.Status400BadRequest, PublicAnswer.Sentence(http, ex), email, name, text, incidentId, snapshots, options);
        }

        if (received.Refusal is { } refusal)
        {
            RetryAfterHeader.Set(http.Response, refusal.RetryAfter);
            var words = http.RequestServices.GetRequiredService<Localization.PublicText>();
            return await FormAgainAsync(http, StatusCodes.Status429TooManyRequests,
                words.Format("Answer.ContactLimited.Text", words[refusal.ReasonKey], words.Wait(refusal.RetryAfter)), email, name, text, incidentId, snapshots, options);
        }

        return await SentAsync(http, conversations, received.Conversation!.Address);
    }

    private static Task<IResult> SentAsync(HttpContext http, ConversationService conversations, string address) =>
        PublicAnswer.Say(http, StatusCodes.Status200OK, conversations.AnswersByEmail ? "ContactSent" : "ContactKept", null, address.Trim());

    private static async Task<IResult> FormAgainAsync(HttpContext http, int status, string error, string email, string name, string text, string incidentId,
        StatusSnapshotService snapshots, IOptionsMonitor<ConversationsOptions> options)
    {
        var services = http.RequestServices;
        var incident = snapshots.Current.IncidentsById.GetValueOrDefault(incidentId);
        var page = services.GetRequiredService<IOptions<StatusPageOptions>>().Value;
        var html = await services.GetRequiredService<PublicPageRenderer>().RenderHtmlAsync<ContactPage>(
            snapshots.Current,
            page.PageTitle(page.Words["Nav.Contact"]),
            new Dictionary<string, object?>
            {
                [nameof(ContactPage.Incident)] = incident,
                [nameof(ContactPage.RetentionDays)] = options.CurrentValue.RetentionDays,
                [nameof(ContactPage.AnswersByEmail)] = services.GetRequiredService<ConversationService>().AnswersByEmail,
                [nameof(ContactPage.Email)] = email,
                [nameof(ContactPage.Name)] = name,
                [nameof(ContactPage.Message)] = text,
                [nameof(ContactPage.Error)] = error,
            });
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, PublicPageRenderer.HtmlContentType, statusCode: status);
    }
}
