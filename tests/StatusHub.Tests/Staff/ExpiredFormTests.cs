using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using StatusHub.Staff;

namespace StatusHub.Tests.Staff;

/// <summary>Every staff form posted without its antiforgery token (a page left open across a restart, or a forged post) gets one clear answer.</summary>
public class ExpiredFormTests(StatusHubApp factory) : IClassFixture<StatusHubApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> StaffForms => ["/account/login", "/account/setup", "/account/logout"];

    [Theory]
    [MemberData(nameof(StaffForms))]
    public async Task AnswersThatTheFormExpiredGivenAPostWithoutItsToken(string path)
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "someone@example.com", ["Token"] = "x" }), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("form expired", await response.Content.ReadAsStringAsync(Cancel), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnswersThatTheFormExpiredGivenASignedInPostWithoutItsTokenAndKeepsTheSession()
    {
        using var client = await factory.CreateSignedInClientAsync(StaffRoles.Admin);

        using var response = await client.PostAsync("/account/sessions", new FormUrlEncodedContent(new Dictionary<string, string> { ["End"] = "all" }), Cancel);
        using var page = await client.PostAsync("/admin/accounts", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "x" }), Cancel);
        using var admin = await client.GetAsync("/admin", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("form expired", await response.Content.ReadAsStringAsync(Cancel), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }
}
