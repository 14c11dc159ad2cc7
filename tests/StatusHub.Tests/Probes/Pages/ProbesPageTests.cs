using Bunit;
using StatusHub.Audit;
using StatusHub.Probes;
using StatusHub.Probes.Pages;
using StatusHub.Staff;

namespace StatusHub.Tests.Probes.Pages;

public class ProbesPageTests : StaffPageApp
{
    private const string Admin = "admin@example.com";

    [Fact]
    public void AnAdminAddsAMailProbeWhosePasswordsAreStoredButNeverShownNorAuditedAndKeptWhenLeftEmpty()
    {
        BeAdmin();
        var mail = Store.Component("Mail");
        var page = Render<ManageProbes>();

        page.Find("#probe-name").Change("Mail round-trip");
        page.Find("#probe-smtp-host").Change("smtp.example.com");
        page.Find("#probe-smtp-port").Change("587");
        page.Find("#probe-smtp-user").Change("probe-sender");
        page.Find("#probe-smtp-password").Change("smtp-pass-1");
        page.Find("#probe-imap-host").Change("imap.example.com");
        page.Find("#probe-imap-user").Change("probe@example.com");
        page.Find("#probe-imap-password").Change("imap-pass-1");
        page.Find("#probe-from").Change("probe-bot@example.com");
        page.Find("#probe-to").Change("probe@example.com");
        page.Find($"[data-component='{mail.Id}']").Change(true);
        page.Find("#probe-form").Submit();

        var saved = Assert.Single(Store.Get<ProbeService>().All());
        Assert.Equal(("smtp-pass-1", "imap-pass-1", mail.Id), (saved.Mail!.Smtp.Password, saved.Mail.Imap.Password, Assert.Single(saved.ComponentIds)));
        Store.Time.Advance(TimeSpan.FromMinutes(1));
        page.Find($"[data-probe='{saved.Id}'] .edit-probe").Click();
        Assert.DoesNotContain("pass-1", page.Markup);
        Assert.Equal("unchanged", page.Find("#probe-smtp-password").GetAttribute("placeholder"));
        page.Find("#probe-smtp-host").Change("smtp2.example.com");
        page.Find("#probe-form").Submit();

        var edited = Store.Get<ProbeService>().Get(saved.Id);
        Assert.Equal(("smtp2.example.com", "smtp-pass-1", "imap-pass-1"), (edited.Mail!.Smtp.Host, edited.Mail.Smtp.Password, edited.Mail.Imap.Password));
        Store.Time.Advance(TimeSpan.FromMinutes(1));
        page.Find($"[data-probe='{saved.Id}'] .delete-probe").Click();
        Assert.Empty(Store.Get<ProbeService>().All());
        var audit = Store.Get<AuditLog>().Page(0, $"probe:{saved.Id}");
        Assert.Equal(["probe.deleted", "probe.edited", "probe.created"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal(Admin, e.Actor));
        Assert.Contains("smtp smtp.example.com:587", audit[2].Details);
        Assert.Contains("was smtp smtp.example.com:587", audit[1].Details);
        Assert.All(audit, e => Assert.DoesNotContain("pass-1", e.Details));
    }

    [Fact]
    public void RefusesABadProbeWithAClearMessageAndSavesNothing()
    {
        BeAdmin();
        var page = Render<ManageProbes>();

        page.Find("#probe-name").Change("Web");
        page.Find("#probe-kind").Change(ProbeKind.Http.ToString());
        page.Find("#probe-url").Change("ftp://example.com/");
        page.Find("#probe-form").Submit();

        Assert.Contains("URL must be an absolute http:// or https:// address", page.Find("#probe-form [role=alert]").TextContent);
        Assert.Empty(Store.Get<ProbeService>().All());
    }

    [Fact]
    public void AnEditorSeesProbesAndTheirChartButNoFormNorButtons()
    {
        var probe = Store.Get<ProbeService>().Create(new Probe { Id = "", Name = "Web", Kind = ProbeKind.Http, Http = new HttpProbeSettings { Url = "https://app.example.com/health" } }, Admin);
        Store.Get<ProbeResults>().Record(probe, Store.Now, ProbeCheckResult.Ok(TimeSpan.FromMilliseconds(120)));
        Store.Get<ProbeResults>().Record(probe, Store.Now.AddMinutes(5), ProbeCheckResult.Failed(TimeSpan.FromMilliseconds(40), "Answered 500 <script>alert(1)</script>"));

        var page = Render<ManageProbes>();

        var article = page.Find($"[data-probe='{probe.Id}']");
        Assert.Contains("GET https://app.example.com/health", article.TextContent);
        Assert.Equal(2, article.QuerySelectorAll("svg rect.run").Length);
        Assert.Contains("Last 2 runs: 50% available", article.QuerySelector("figcaption")!.TextContent);
        Assert.DoesNotContain("<script>", page.Markup);
        Assert.Contains("&lt;script&gt;", page.Markup);
        Assert.Empty(page.FindAll("#probe-form"));
        Assert.Empty(page.FindAll(".edit-probe"));
    }

    [Fact]
    public void AnEditorSeesWhatEachComponentsBarIsDrawnFromButCannotChangeIt()
    {
        var api = Store.Component("API");

        var page = Render<ManageProbes>();

        Assert.True(page.Find($"[data-bar='{api.Id}'] select").HasAttribute("disabled"));
        Assert.Equal(nameof(StatusHub.StatusComponents.AvailabilitySource.Declared), page.Find($"[data-bar='{api.Id}'] select").GetAttribute("value"));
    }

    [Fact]
    public void AnAdminChoosesToDrawAComponentsBarFromItsProbes()
    {
        var api = Store.Component("API");
        Store.Component("Webmail");
        Store.Get<ProbeService>().Create(new Probe { Id = "", Name = "Web", Kind = ProbeKind.Http, ComponentIds = [api.Id], Http = new HttpProbeSettings { Url = "https://app.example.com/health" } }, Admin);
        BeAdmin();
        var page = Render<ManageProbes>();

        Assert.Contains("Watched by Web.", page.Find($"[data-bar='{api.Id}']").TextContent);
        page.Find($"[data-bar='{api.Id}'] select").Change(nameof(StatusHub.StatusComponents.AvailabilitySource.Measured));

        Assert.Equal(StatusHub.StatusComponents.AvailabilitySource.Measured, Store.Components.Get(api.Id).Availability);
        var audit = Store.Get<AuditLog>().Page(0, $"component:{api.Id}").First(e => e.Action == "component.updated");
        Assert.Equal((Admin, "90-day bar declared → measured"), (audit.Actor, audit.Details));
        Assert.Contains("No probe watches it", page.FindAll(".measured-bars li")[1].TextContent);
    }

    private void BeAdmin() => AddAuthorization()
        .SetAuthorized(Admin)
        .SetRoles(StaffRoles.Admin)
        .SetPolicies(StaffRoles.StaffPolicy, StaffRoles.AdminPolicy);
}
