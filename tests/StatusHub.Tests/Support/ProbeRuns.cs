using StatusHub.Probes;

namespace StatusHub.Tests.Support;

/// <summary>Stores a probe's runs as the loop would, without running it: "ok" or "failed", one a minute.</summary>
public static class ProbeRuns
{
    public static void Record(ProbeResults results, Probe probe, DateTime first, params string[] outcomes)
    {
        for (var i = 0; i < outcomes.Length; i++)
        {
            var result = outcomes[i] == "ok" ? ProbeCheckResult.Ok(TimeSpan.FromMilliseconds(5)) : ProbeCheckResult.Failed(TimeSpan.FromMilliseconds(5), "Answered 503, expected 200.");
            results.Record(probe, first.AddMinutes(i), result);
        }
    }
}
