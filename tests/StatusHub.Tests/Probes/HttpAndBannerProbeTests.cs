using System.Net;
using StatusHub.Probes;

namespace StatusHub.Tests.Probes;

public sealed class HttpAndBannerProbeTests : IAsyncLifetime
{
    private readonly ProbeApp _app = new();
    private readonly BannerServer _banner = new();
    private HttpTarget _web = null!;

    public async ValueTask InitializeAsync() => _web = await HttpTarget.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _web.DisposeAsync();
        _banner.Dispose();
        _app.Dispose();
    }

    [Fact]
    public async Task AnHttpProbeIsOkWhenStatusBodyAndJsonValueMatch()
    {
        _web.Body = """{"status":{"indicator":"none"},"items":[{"id":"a"}]}""";
        var probe = _app.Create(Http(h => h with { BodyContains = "indicator", JsonPath = "items.0.id", JsonValue = "a" }));

        var result = await _app.RunAsync(probe);

        Assert.Equal((ProbeOutcome.Ok, ""), (result.Outcome, result.Message));
    }

    [Fact]
    public async Task AnHttpProbeFailsOnAWrongStatus()
    {
        _web.Status = HttpStatusCode.ServiceUnavailable;

        var result = await _app.RunAsync(_app.Create(Http()));

        Assert.Equal((ProbeOutcome.Failed, "Answered 503, expected 200."), (result.Outcome, result.Message));
    }

    [Fact]
    public async Task AnHttpProbeFailsWhenTheBodyLacksTheTextOrTheJsonValueDiffers()
    {
        _web.Body = """{"status":{"indicator":"major"}}""";

        var text = await _app.RunAsync(_app.Create(Http(h => h with { BodyContains = "all good" })));
        var json = await _app.RunAsync(_app.Create(Http(h => h with { JsonPath = "status.indicator", JsonValue = "none" })));

        Assert.Equal((ProbeOutcome.Failed, "The body does not contain \"all good\"."), (text.Outcome, text.Message));
        Assert.Equal((ProbeOutcome.Failed, "status.indicator is \"major\", expected \"none\"."), (json.Outcome, json.Message));
    }

    [Fact]
    public async Task AnHttpProbeAnsweredSlowerThanItsLatencyThresholdIsAWarning()
    {
        _web.BeforeAnswer = () =>
        {
            _app.Time.Advance(TimeSpan.FromMilliseconds(2500));
            return Task.CompletedTask;
        };

        var result = await _app.RunAsync(_app.Create(Http()));

        Assert.Equal((ProbeOutcome.Warning, "Slow: 2500 ms, more than 2000 ms."), (result.Outcome, result.Message));
    }

    [Fact]
    public async Task AnHttpProbeThatGetsNoAnswerWithinItsTimeoutFails()
    {
        var never = new TaskCompletionSource();
        _web.BeforeAnswer = () => never.Task;

        var run = _app.Loop.RunAsync(_app.Create(Http() with { TimeoutSeconds = 5 }), _app.Now, TestContext.Current.CancellationToken);
        while (_web.Requests == 0)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        _app.Time.Advance(TimeSpan.FromSeconds(5));
        var result = await run;
        never.SetResult();

        Assert.Equal((ProbeOutcome.Failed, "Timed out after 5 s."), (result.Outcome, result.Message));
    }

    [Fact]
    public async Task ABannerProbeIsOkOnA220GreetingAndFailsWithoutOne()
    {
        var probe = _app.Create(new Probe { Id = "", Name = "MX", Kind = ProbeKind.Banner, Banner = new BannerProbeSettings { Host = "127.0.0.1", Port = _banner.Port } });
        Assert.Equal(ProbeOutcome.Ok, (await _app.RunAsync(probe)).Outcome);

        _banner.Greeting = null;
        var missing = await _app.RunAsync(probe);
        _banner.Greeting = "554 5.3.2 not now";
        var refused = await _app.RunAsync(probe);

        Assert.Equal((ProbeOutcome.Failed, "No 220 greeting: the server closed the connection."), (missing.Outcome, missing.Message));
        Assert.Equal((ProbeOutcome.Failed, "No 220 greeting: \"554 5.3.2 not now\"."), (refused.Outcome, refused.Message));
    }

    private Probe Http(Func<HttpProbeSettings, HttpProbeSettings>? change = null)
    {
        var http = new HttpProbeSettings { Url = new Uri(_web.Url, "health").AbsoluteUri };
        return new Probe { Id = "", Name = "Web app", Kind = ProbeKind.Http, Http = change is null ? http : change(http) };
    }
}
