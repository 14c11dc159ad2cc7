using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Tests.Channels.Email;

namespace StatusHub.Tests.Subscribers;

/// <summary>Steps of the public sign-up as a visitor takes them: real form posts to the app, real mail out of the <see cref="SmtpSink"/>.</summary>
public static partial class SubscribeApp
{
    public static StatusComponent AddComponent(this WebApplicationFactory<Program> app, string name, string? groupId = null) =>
        app.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft(name, null, groupId), "staff@example.net");

    public static Incident OpenIncidentOn(this WebApplicationFactory<Program> app, string title, string componentId) =>
        app.Services.GetRequiredService<IncidentService>().Open(
            new NewIncident(title, null, new UpdateDraft(IncidentStatus.Investigating, "We are looking into it."), [componentId]), "staff@example.net");

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, params (string Name, string Value)[] fields)
    {
        using var form = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await client.PostAsync(path, form, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> SignUpAsync(this HttpClient client, string email, params string[] componentIds) =>
        client.PostFormAsync("/subscribe/email", [("email", email), ("all", componentIds.Length == 0 ? "true" : "false"), .. componentIds.Select(id => ("components", id))]);

    public static async Task<string> TextAsync(this HttpResponseMessage response) =>
        await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

    public static IReadOnlyList<ReceivedMail> To(this SmtpSink sink, string address) =>
        sink.Received.Where(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>Waits until <paramref name="address"/> has received <paramref name="count"/> messages.</summary>
    public static async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(this SmtpSink sink, string address, int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (sink.To(address).Count < count)
        {
            await Task.Delay(10, limit.Token);
        }

        return sink.To(address);
    }

    /// <summary>A link to this app in a message's text part, as the path and query to call on the test server.</summary>
    public static string LinkIn(ReceivedMail mail, string path)
    {
        var match = Regex.Match(mail.Message.TextBody ?? "", Regex.Escape(EmailApp.PublicUrl + path) + @"\S+");
        Assert.True(match.Success, $"No {path} link in: {mail.Message.TextBody}");
        return new Uri(match.Value).PathAndQuery;
    }

    /// <summary>Targets the outbox queued a notification about <paramref name="subject"/> for, on email.</summary>
    public static IReadOnlyList<string> EmailTargetsFor(this WebApplicationFactory<Program> app, string subject) =>
        app.Services.GetRequiredService<LiteStore>().Collection<Delivery>()
            .Find(d => d.Channel == ChannelNames.Email && d.Subject == subject).Select(d => d.Target).Order().ToList();
}
