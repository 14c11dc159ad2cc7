using System.Net;
using StatusHub.Incidents;
using StatusHub.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace StatusHub.Tests.Staff.Pages;

/// <summary>A staff link to a record that does not exist answers 404 with the page's own words, not 200.</summary>
public sealed class MissingRecordTests(StatusHubApp factory) : IClassFixture<StatusHubApp>
{
    [Theory]
    [InlineData("/admin/incidents/no-such-incident", "Incident not found")]
    [InlineData("/admin/postmortems/no-such-incident", "Incident not found")]
    [InlineData("/admin/conversations/no-such-conversation", "Conversation not found")]
    public async Task AnswersNotFoundWithTheStaffPagesMessage(string path, string heading)
    {
        using var staff = await factory.CreateSignedInClientAsync(StaffRoles.Editor);

        using var response = await staff.GetAsync(path, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains($"<h1>{heading}</h1>", html, StringComparison.Ordinal);
        Assert.Contains("StatusHub staff", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIncidentThatExistsStillAnswersOk()
    {
        var incident = factory.Services.GetRequiredService<IncidentService>()
            .Open(new NewIncident("Webmail slow", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking into it.")), "tests");
        using var staff = await factory.CreateSignedInClientAsync(StaffRoles.Editor);

        using var response = await staff.GetAsync($"/admin/incidents/{incident.Id}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
