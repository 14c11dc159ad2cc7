using Bunit;
using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.Channels.Announcements;
using StatusHub.Channels.Pages;
using StatusHub.Incidents.Pages;
using StatusHub.Staff;
using StatusHub.Storage;

namespace StatusHub.Tests.Channels.Pages;

public class AnnouncementEndpointsPageTests : ChannelPageApp
{
    private const string DiscordUrl = "https://discord.com/api/webhooks/123456789012345678/discord-secret-token";

    [Fact]
    public void IsNotShownToEditors()
    {
        var page = Render<ManageChannels>();

        Assert.Empty(page.FindAll("#new-announcement"));
    }

    [Fact]
    public void AnAdminAddsADiscordForumEndpointSeenOnlyMaskedAndAudited()
    {
        SignInAsAdmin();
        var page = Render<ManageChannels>();

        page.Find("#announcement-platform").Change(ChannelNames.Discord);
        page.Find("#announcement-url").Change(DiscordUrl);
        page.Find("#announcement-description").Change("Community server");
        page.Find("#announcement-forum").Change(true);
        page.Find("#new-announcement").Submit();

        var endpoint = Assert.Single(Get<AnnouncementEndpointService>().List()).Endpoint;
        Assert.Equal((ChannelNames.Discord, true), (endpoint.Platform, endpoint.Forum));
        var item = page.Find($"[data-announcement='{endpoint.Id}']");
        Assert.Contains("https://discord.com/api/…", item.TextContent);
        Assert.Contains("Community server", item.TextContent);
        Assert.DoesNotContain("discord-secret-token", page.Markup);
        Assert.Equal("password", page.Find("#announcement-url").GetAttribute("type"));
        var audit = Assert.Single(Get<LiteStore>().Collection<AuditEntry>().FindAll(), a => a.Action == "announcement.added");
        Assert.Equal(Admin, audit.Actor);
        Assert.DoesNotContain("discord-secret-token", audit.Details);
    }

    [Fact]
    public void SaysWhyAUrlIsRefusedAndSavesNothing()
    {
        SignInAsAdmin();
        var page = Render<ManageChannels>();

        page.Find("#announcement-platform").Change(ChannelNames.Slack);
        page.Find("#announcement-url").Change("http://hooks.slack.com/services/T0/B0/x");
        page.Find("#new-announcement").Submit();

        Assert.Contains("must be https", page.Find("#new-announcement").TextContent);
        Assert.Empty(Get<AnnouncementEndpointService>().List());
    }

    [Fact]
    public void PreviewsTheTitleTextAndPayloadEachChatPlatformWillGet()
    {
        Get<AnnouncementEndpointService>().Add(ChannelNames.Discord, DiscordUrl, null, null, forum: false, Admin);
        var page = Render<ManageIncidents>();
        page.Find("#incident-title").Change("Login <failures> & timeouts");
        page.Find("#incident-body").Input("We are **investigating**.");

        page.Find("button.preview-messages").Click();

        var discord = page.Find("[aria-label='Discord preview']");
        Assert.Contains("to 1 recipient", discord.TextContent);
        Assert.Contains("Login <failures> & timeouts", discord.QuerySelector(".announcement-title")!.TextContent);
        Assert.StartsWith("**Investigating** – We are investigating.", discord.QuerySelector(".message-text")!.TextContent);
        Assert.Contains("\"embeds\"", discord.QuerySelector(".message-payload")!.TextContent);
        Assert.Contains("off", page.Find("[aria-label='Slack preview']").TextContent);
    }

}
