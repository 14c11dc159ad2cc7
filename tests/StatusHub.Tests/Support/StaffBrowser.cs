using Bunit;
using StatusHub.Components.Forms;
using StatusHub.Markdown;

namespace StatusHub.Tests.Support;

/// <summary>The browser side of the staff pages in bUnit: its time zone, and text boxes with nothing kept from before.</summary>
public static class StaffBrowser
{
    public static BunitJSModuleInterop SetUpStaffBrowser(this BunitJSInterop js, BrowserZone zone)
    {
        js.SetupModule(BrowserTimeZone.ModulePath).Setup<BrowserZone?>("timeZone").SetResult(zone);
        var kept = js.SetupModule(MarkdownEditor.KeptTextModule);
        kept.Setup<MarkdownEditor.KeptText?>("read", _ => true).SetResult(null);
        kept.SetupVoid("forget", _ => true).SetVoidResult();
        return kept;
    }
}
