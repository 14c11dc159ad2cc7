using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Hosting;

/// <summary>Staff-typed text reaches customers only as text: seeded through the real services, read back from the real pages.</summary>
public class PublicPagesXssTests : IClassFixture<StatusHubApp>
{
    private const string Author = "tester@example.com";

    private static readonly string[] Payloads =
    [
        "<script>alert('x1')</script>",
        "<img src=x onerror=alert('x2')>",
        "\"><svg onload=alert('x3')>",
        "' onmouseover='alert(4)' data-x='",
        "</title><script>alert('x5')</script>",
        "[click](javascript:alert('x6'))",
        "<a href=\"javascript:alert('x7')\">x7</a>",
        "[c](JaVaScRiPt:alert('x8'))",
        "<iframe src=\"javascript:alert('x9')\"></iframe>",
        "![i](javascript:alert('x10'))",
        "<details open ontoggle=alert('x11')>",
        "<style>body{display:none}</style>",
        "[t](&#106;avascript:alert('x12'))",
        "<https://example.com\" onclick=\"alert('x13')>",
    ];

    private readonly StatusHubApp _factory;

    public PublicPagesXssTests(StatusHubApp factory) => _factory = factory;

    [Fact]
    public async Task ServesNoPayloadAsMarkupOnAnyPublicPage()
    {
        var components = _factory.Services.GetRequiredService<ComponentService>();
        var incidents = _factory.Services.GetRequiredService<IncidentService>();
        var maintenance = _factory.Services.GetRequiredService<MaintenanceService>();
        var now = _factory.Time.GetUtcNow().UtcDateTime;
        var paths = new List<string> { "/", "/history" };
        foreach (var payload in Payloads)
        {
            var group = components.CreateGroup(payload, payload, Author);
            var component = components.Create(new ComponentDraft(payload, payload, group.Id), Author);
            var incident = incidents.Open(new NewIncident(payload, null, new UpdateDraft(IncidentStatus.Investigating, payload, now.AddHours(-1),
                new Dictionary<string, ComponentStatus> { [component.Id] = ComponentStatus.MajorOutage })), Author);
            incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Identified, $"Details: {payload}\n\n{payload}"), Author);
            var window = maintenance.Schedule(new MaintenanceDraft(payload, payload, now.AddDays(1), now.AddDays(1).AddHours(1), [component.Id]), Author);
            paths.Add($"/incidents/{incident.Id}");
            paths.Add($"/maintenance/{window.Id}");
        }

        using var client = _factory.CreateClient();
        var parser = new HtmlParser();
        foreach (var path in paths)
        {
            var html = await client.GetStringAsync(path, TestContext.Current.CancellationToken);
            using var document = parser.ParseDocument(html);

            Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(["/js/status.js"], document.Scripts.Select(s => s.Source));
            Assert.All(document.Scripts, s => Assert.Empty(s.Text));
            Assert.Empty(document.QuerySelectorAll("iframe, svg, img, style, object, embed"));
            foreach (var element in document.All)
            {
                Assert.DoesNotContain(element.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
                Assert.DoesNotContain(element.Attributes, a => IsScriptUrl(a));
            }

            // Titles and names are text, not Markdown: each payload reads back exactly as typed.
            var text = document.Body!.TextContent;
            if (path == "/")
            {
                Assert.All(Payloads, p => Assert.Contains(p, text));
            }
            else if (path != "/history")
            {
                Assert.Contains(document.QuerySelector("h1")!.TextContent, Payloads);
                Assert.Contains(document.Title!.Split(" · ")[0], Payloads);
            }
        }
    }

    private static bool IsScriptUrl(IAttr attribute) =>
        attribute.Name is "href" or "src" or "action" or "formaction" or "xlink:href" &&
        new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).StartsWith("javascript:", StringComparison.OrdinalIgnoreCase);
}
