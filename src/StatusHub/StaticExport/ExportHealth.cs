using Microsoft.Extensions.Options;
using StatusHub.Channels;

namespace StatusHub.StaticExport;

/// <summary>
/// How the automatic export and its after-command are doing, as a row of the Channels page's health table. Kept in
/// memory only: a restart exports afresh, and the first outcome after it is what matters.
/// </summary>
public sealed class ExportHealth(IOptions<ExportOptions> options, TimeProvider time) : IChannelHealthSource
{
    public const string Name = "export";

    private readonly Lock _lock = new();
    private DateTime? _lastSuccessAt;
    private DateTime? _lastFailureAt;
    private string? _lastError;
    private bool _failing;
    private bool _retrying;

    public ChannelHealth Health()
    {
        var settings = options.Value;
        lock (_lock)
        {
            return new ChannelHealth(
                Name,
                settings.IsOn,
                settings.IsOn ? null : "set Export:Directory to keep a static copy of the public page",
                _lastSuccessAt,
                _lastFailureAt,
                _lastError,
                QueueLength: _retrying ? 1 : 0,
                FailingTargets: _failing ? 1 : 0,
                CanSendTest: false,
                Label: "Static export");
        }
    }

    /// <summary>A copy is in place and, when there is an after-command, it has carried that copy on too.</summary>
    public void Succeeded() => Record(failure: null, retrying: false);

    /// <summary>The export or the after-command failed; it is tried again later.</summary>
    public void Failed(string failure) => Record(failure, retrying: true);

    private void Record(string? failure, bool retrying)
    {
        var now = time.GetUtcNow().UtcDateTime;
        lock (_lock)
        {
            _failing = failure is not null;
            _retrying = retrying && _failing;
            if (failure is null)
            {
                _lastSuccessAt = now;
            }
            else
            {
                _lastFailureAt = now;
                _lastError = failure;
            }
        }
    }
}
