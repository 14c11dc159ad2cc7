using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.Channels.Announcements;
using StatusHub.Storage;

namespace StatusHub.Tests.Channels.Announcements;

public class AnnouncementEndpointServiceTests
{
    private const string SlackUrl = "https://hooks.slack.com/services/T0AAAA/B0BBBB/slack-secret-token";

    [Theory]
    [InlineData(ChannelNames.Slack, SlackUrl)]
    [InlineData(ChannelNames.Slack, "https://hooks.slack-gov.com/services/T0AAAA/B0BBBB/token")]
    [InlineData(ChannelNames.Mattermost, "https://chat.example.org/hooks/xxxgeneratedkeyxxx")]
    [InlineData(ChannelNames.Mattermost, "https://example.org:8065/mattermost/hooks/abc123")]
    [InlineData(ChannelNames.Teams, "https://prod-12.westus.logic.azure.com:443/workflows/4a5b/triggers/manual/paths/invoke?api-version=2016-06-01&sig=abc")]
    [InlineData(ChannelNames.Teams, "https://default1234.56.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/4a5b/triggers/manual/paths/invoke?sig=abc")]
    [InlineData(ChannelNames.Discord, "https://discord.com/api/webhooks/123456789012345678/token_with-Chars")]
    [InlineData(ChannelNames.Discord, "https://discordapp.com/api/v10/webhooks/1/token")]
    public void AcceptsEachPlatformsWebhookShape(string platform, string url) =>
        Assert.Equal(url, AnnouncementEndpointService.CheckUrl(AnnouncementPlatform.Find(platform)!, url, allowLoopback: false).OriginalString);

    [Theory]
    [InlineData(ChannelNames.Slack, "http://hooks.slack.com/services/T0/B0/x", "must be https")]
    [InlineData(ChannelNames.Slack, "https://hooks.example.com/services/T0/B0/x", "not a Slack webhook URL")]
    [InlineData(ChannelNames.Slack, "https://hooks.slack.com/triggers/T0/1/x", "not a Slack webhook URL")]
    [InlineData(ChannelNames.Discord, "https://discord.com/api/webhooks/abc/token", "not a Discord webhook URL")]
    [InlineData(ChannelNames.Discord, "https://discord.com.evil.example/api/webhooks/1/token", "not a Discord webhook URL")]
    [InlineData(ChannelNames.Teams, "https://logic.azure.com.evil.example/workflows/x", "not a Microsoft Teams webhook URL")]
    [InlineData(ChannelNames.Mattermost, "https://chat.example.org/api/v4/posts", "not a Mattermost webhook URL")]
    [InlineData(ChannelNames.Mattermost, "https://user:pw@chat.example.org/hooks/abc", "no user name, password")]
    [InlineData(ChannelNames.Slack, "https://127.0.0.1/services/T0/B0/x", "not a Slack webhook URL")]
    [InlineData(ChannelNames.Slack, "hooks.slack.com/services/T0/B0/x", "not a Slack webhook URL")]
    [InlineData(ChannelNames.Slack, "https://hooks.slack.com/services/T0/B0/x\u0000", "")]
    [InlineData(ChannelNames.Slack, "", "")]
    public void RefusesAUrlThatIsNotThePlatformsWithAClearError(string platform, string url, string error)
    {
        var refused = Assert.Throws<ValidationException>(() => AnnouncementEndpointService.CheckUrl(AnnouncementPlatform.Find(platform)!, url, allowLoopback: false));
        Assert.Contains(error, refused.Message);
    }

    [Fact]
    public void RefusesAnOverlongUrl()
    {
        var url = SlackUrl + new string('x', AnnouncementEndpoint.MaxUrlLength);
        Assert.Throws<ValidationException>(() => AnnouncementEndpointService.CheckUrl(AnnouncementPlatform.Find(ChannelNames.Slack)!, url, allowLoopback: false));
    }

    [Fact]
    public void TakesALoopbackUrlOfAnyShapeOnlyWhenAllowed()
    {
        var slack = AnnouncementPlatform.Find(ChannelNames.Slack)!;
        Assert.Throws<ValidationException>(() => AnnouncementEndpointService.CheckUrl(slack, "http://127.0.0.1:5491/anything", allowLoopback: false));
        Assert.Equal("127.0.0.1", AnnouncementEndpointService.CheckUrl(slack, "http://127.0.0.1:5491/anything", allowLoopback: true).Host);
        Assert.Throws<ValidationException>(() => AnnouncementEndpointService.CheckUrl(slack, "http://10.0.0.1/anything", allowLoopback: true));
    }

    [Fact]
    public void StoresTheUrlProtectedShowsItMaskedAndAuditsTheMaskedForm()
    {
        using var store = new TestStore();
        using var rig = AnnouncementRig.Start(store);
        var service = rig.Get<AnnouncementEndpointService>();

        var endpoint = service.Add(ChannelNames.Slack, SlackUrl, "Ops room", null, forum: false, AnnouncementRig.Admin);

        Assert.Equal("https://hooks.slack.com/services/…", endpoint.MaskedUrl);
        var stored = store.Store.Collection<AnnouncementEndpoint>().FindById(endpoint.Id)!;
        Assert.DoesNotContain("slack-secret-token", stored.ProtectedUrl);
        Assert.DoesNotContain("slack-secret-token", store.Store.Mapper.ToDocument(stored).ToString());
        Assert.Equal(new Uri(SlackUrl), service.Find(endpoint.Id)!.Value.Url);
        var audit = Assert.Single(store.Store.Collection<AuditEntry>().FindAll(), a => a.Action == "announcement.added");
        Assert.Equal((AnnouncementRig.Admin, $"announcement:{endpoint.Id}"), (audit.Actor, audit.Subject));
        Assert.Contains("Slack https://hooks.slack.com/services/…", audit.Details);
        Assert.DoesNotContain("slack-secret-token", audit.Details);
    }

    [Fact]
    public void RefusesTheSameWebhookTwiceAndRemovesWithAnAuditEntry()
    {
        using var store = new TestStore();
        using var rig = AnnouncementRig.Start(store);
        var service = rig.Get<AnnouncementEndpointService>();
        var endpoint = service.Add(ChannelNames.Slack, SlackUrl, null, null, forum: false, AnnouncementRig.Admin);

        var again = Assert.Throws<ValidationException>(() => service.Add(ChannelNames.Slack, SlackUrl, null, null, forum: false, AnnouncementRig.Admin));
        Assert.Contains("already registered", again.Message);
        Assert.DoesNotContain("slack-secret-token", again.Message);

        service.Remove(endpoint.Id, AnnouncementRig.Admin);
        Assert.Empty(service.List());
        Assert.Single(store.Store.Collection<AuditEntry>().FindAll(), a => a.Action == "announcement.removed" && a.Subject == $"announcement:{endpoint.Id}");
        Assert.Throws<NotFoundException>(() => service.Remove(endpoint.Id, AnnouncementRig.Admin));
    }

    [Fact]
    public void RefusesAnUnknownPlatformAnOverlongDescriptionAndAnUnknownComponent()
    {
        using var store = new TestStore();
        using var rig = AnnouncementRig.Start(store);
        var service = rig.Get<AnnouncementEndpointService>();

        Assert.Contains("Choose a platform", Assert.Throws<ValidationException>(() => service.Add("irc", SlackUrl, null, null, false, AnnouncementRig.Admin)).Message);
        Assert.Throws<ValidationException>(() => service.Add(ChannelNames.Slack, SlackUrl, new string('d', 201), null, false, AnnouncementRig.Admin));
        Assert.ThrowsAny<Exception>(() => service.Add(ChannelNames.Slack, SlackUrl, null, ["no-such-component"], false, AnnouncementRig.Admin));
        Assert.Empty(service.List());
    }
}
