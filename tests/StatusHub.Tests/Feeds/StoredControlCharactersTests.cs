using System.Net;
using System.Xml.Linq;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Tests.Feeds;

/// <summary>
/// Text kept before the services refused control characters (written here straight into the store) and a configured
/// page name holding one: every feed, badge and the calendar still answer, and what they answer parses.
/// </summary>
public sealed class StoredControlCharactersTests : IDisposable
{
    private const string Name = "\u001b[31mWeb\u001b[0m\0\uffff";
    private const string Title = "Mail\a delayed\ufffe";
    private const string Body = "Looking\u001b[0m into it\u0001.";

    private readonly StatusHubApp _factory = new();
    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _app;
    private readonly StatusComponent _component;
    private readonly ComponentGroup _group;

    public StoredControlCharactersTests()
    {
        _app = _factory.WithWebHostBuilder(builder => builder.UseSetting("StatusPage:Name", "Acme\u0007"));
        var now = _factory.Time.GetUtcNow().UtcDateTime;
        var store = _app.Services.GetRequiredService<LiteStore>();
        (_component, _group) = store.Write(scope =>
        {
            var group = scope.Insert(new ComponentGroup { Id = Ids.New(), Name = "Mail\u0000group", Description = "\u0008", CreatedAt = now, UpdatedAt = now });
            var component = scope.Insert(new StatusComponent { Id = Ids.New(), Name = Name, Description = Body, GroupId = group.Id, Status = ComponentStatus.MajorOutage, CreatedAt = now, UpdatedAt = now });
            scope.Insert(new Incident
            {
                Id = Ids.New(),
                Title = Title,
                ImpactOverride = IncidentImpact.Critical,
                ComponentIds = [component.Id],
                Updates = [new IncidentUpdate { Id = Ids.New(), Body = Body, Author = "oncall\u001b@example.com", PostedAt = now, DisplayAt = now, ComponentStatuses = new() { [component.Id] = ComponentStatus.MajorOutage } }],
                CreatedAt = now,
                UpdatedAt = now,
            });
            scope.Insert(new ScheduledMaintenance
            {
                Id = Ids.New(),
                Title = Title,
                Body = Body,
                StartsAt = now.AddDays(1),
                EndsAt = now.AddDays(1).AddHours(2),
                ComponentIds = [component.Id],
                CreatedAt = now,
                UpdatedAt = now,
            });
            return (component, group);
        });
    }

    [Theory]
    [InlineData("/history.rss")]
    [InlineData("/history.atom")]
    [InlineData("/badge.svg")]
    [InlineData("/components/{component}/history.rss")]
    [InlineData("/components/{component}/history.atom")]
    [InlineData("/components/{component}/badge.svg")]
    [InlineData("/components/{group}/history.rss")]
    [InlineData("/components/{group}/badge.svg")]
    public async Task EveryFeedAndBadgeAnswersWithXmlThatParses(string template)
    {
        var answer = await GetAsync(template);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var text = await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        XDocument.Parse(text);
        Assert.DoesNotContain(text, c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));
        Assert.DoesNotContain(text, c => c is '\ufffe' or '\uffff');
    }

    [Fact]
    public async Task TheComponentsBadgeShowsTheNameWithoutTheControlCharacters()
    {
        var badge = XDocument.Parse(await (await GetAsync("/components/{component}/badge.svg")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal("Web", badge.Descendants(XName.Get("text", "http://www.w3.org/2000/svg")).First().Value);
    }

    [Fact]
    public async Task TheCalendarCarriesNoControlCharacterOrNoncharacter()
    {
        var answer = await GetAsync("/maintenance.ics");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var text = await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("SUMMARY:Mail delayed", text);
        Assert.DoesNotContain(text, c => char.IsControl(c) && c is not ('\n' or '\r'));
        Assert.DoesNotContain(text, c => c is '\ufffe' or '\uffff');
    }

    public void Dispose()
    {
        _app.Dispose();
        _factory.Dispose();
    }

    private async Task<HttpResponseMessage> GetAsync(string template)
    {
        using var client = _app.CreateClient();
        var path = template.Replace("{component}", _component.Id, StringComparison.Ordinal).Replace("{group}", _group.Id, StringComparison.Ordinal);
        return await client.GetAsync(path, TestContext.Current.CancellationToken);
    }
}
