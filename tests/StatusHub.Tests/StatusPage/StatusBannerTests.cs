using Bunit;
using StatusHub.StatusPage;

namespace StatusHub.Tests.StatusPage;

public class StatusBannerTests : BunitContext
{
    [Fact]
    public void ShowsTheSentenceAndUtcTimeInTheMarkup()
    {
        var banner = Render<StatusBanner>(p => p
            .Add(b => b.Overall, new OverallStatus(StatusIndicator.Major, "Partial System Outage"))
            .Add(b => b.UpdatedAt, new DateTime(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc)));

        banner.MarkupMatches(
            """
            <section class="status-banner indicator-major" aria-live="polite">
              <h1>Partial System Outage</h1>
              <p class="updated">Updated <time datetime="2026-11-23T02:00:00Z" data-local="datetime">Nov 23, 2026 02:00 UTC</time></p>
            </section>
            """);
    }
}
