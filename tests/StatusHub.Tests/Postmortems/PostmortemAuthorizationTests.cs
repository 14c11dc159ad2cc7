using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Incidents;
using StatusHub.Postmortems;
using StatusHub.Staff;

namespace StatusHub.Tests.Postmortems;

public class PostmortemAuthorizationTests(StatusHubApp factory) : IClassFixture<StatusHubApp>
{
    private string InReview()
    {
        var incidents = factory.Services.GetRequiredService<IncidentService>();
        var incident = incidents.Open(new NewIncident("Mail delayed", null, new UpdateDraft(IncidentStatus.Investigating, "Slow.")), "tester@example.com");
        incident = incidents.Resolve(incident.Id, incident.Version, "Fixed.", "tester@example.com");
        var postmortems = factory.Services.GetRequiredService<PostmortemService>();
        postmortems.SendForReview(incident.Id, postmortems.Start(incident.Id, "short", "tester@example.com").Version, "tester@example.com");
        return incident.Id;
    }

    [Theory]
    [InlineData("/admin/postmortems")]
    [InlineData("/admin/postmortems/action-items")]
    [InlineData("/admin/postmortems/abcdefabcdef")]
    [InlineData("/admin/postmortems/abcdefabcdef/letter")]
    [InlineData("/admin/postmortems/abcdefabcdef/export.md")]
    public async Task SendsAnonymousVisitorsToSignIn(string path)
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task AnEditorGetsTheEditorWithoutThePublishForm()
    {
        var id = InReview();
        using var editor = await factory.CreateSignedInClientAsync(StaffRoles.Editor);

        var html = await editor.GetStringAsync($"/admin/postmortems/{id}", TestContext.Current.CancellationToken);

        Assert.Contains("id=\"pm-body\"", html);
        Assert.DoesNotContain("id=\"publish-form\"", html);
        Assert.Contains("Only an admin can publish.", html);
    }

    [Fact]
    public async Task AnAdminGetsThePublishForm()
    {
        var id = InReview();
        using var admin = await factory.CreateSignedInClientAsync(StaffRoles.Admin);

        var html = await admin.GetStringAsync($"/admin/postmortems/{id}", TestContext.Current.CancellationToken);

        Assert.Contains("id=\"publish-form\"", html);
    }

    [Fact]
    public void AnEditorCannotPublishEvenByCallingTheServiceDirectly()
    {
        var id = InReview();
        var editor = factory.CreateAccount(StaffRoles.Editor);
        var postmortems = factory.Services.GetRequiredService<PostmortemService>();

        var refused = Assert.Throws<StatusHub.Storage.ValidationException>(() => postmortems.Publish(id, postmortems.Get(id).Version, editor.Email));

        Assert.Contains("Only an admin", refused.Message);
        Assert.Null(postmortems.Published(id));
    }
}
