using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StatusHub.Channels;
using StatusHub.Channels.Telegram;
using StatusHub.Channels.Templates;
using StatusHub.Postmortems;
using StatusHub.Postmortems.Pages;
using StatusHub.Staff;

namespace StatusHub.Tests.Postmortems.Pages;

/// <summary>The staff context with post-mortems wired in, the editor's browser module answering, and an admin and an editor account in the store.</summary>
public abstract class PostmortemPageApp : StaffPageApp
{
    protected PostmortemPageApp()
    {
        Services.AddSingleton(Store.Postmortems());
        var templates = new TemplateLibrary(Path.Combine(RepositoryRoot.Path, "templates"), NullLogger<TemplateLibrary>.Instance);
        Services.AddSingleton(sp => new CustomerLetters(
            Store.Store,
            Store.Time,
            sp.GetRequiredService<NotificationPublisher>(),
            new MessageRenderer(templates),
            new FixedOptions<PostmortemsOptions>(new PostmortemsOptions { TelegramGroupUrl = "https://t.me/+group" }),
            new FixedOptions<TelegramOptions>(new TelegramOptions { ChannelChatId = "@examplestatus" })));
        Store.AddStaff(PostmortemApp.Admin, StaffRoles.Admin);
        Store.AddStaff(Editor, StaffRoles.Editor);
        BrowserCopy = JSInterop.SetupModule(PostmortemBrowserCopy.ModulePath);
        BrowserCopy.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>postmortem-editor.js as bUnit plays it: every call recorded, "read" answering nothing unless a test sets it up.</summary>
    protected BunitJSModuleInterop BrowserCopy { get; }

    protected PostmortemService Postmortems => Services.GetRequiredService<PostmortemService>();

    /// <summary>Signs in as the admin instead of the editor.</summary>
    protected void SignInAsAdmin()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(PostmortemApp.Admin);
        auth.SetRoles(StaffRoles.Admin);
        auth.SetPolicies(StaffRoles.StaffPolicy, StaffRoles.AdminPolicy);
    }

    protected IRenderedComponent<EditPostmortem> RenderEditor(string incidentId) => Render<EditPostmortem>(p => p.Add(x => x.Id, incidentId));
}
