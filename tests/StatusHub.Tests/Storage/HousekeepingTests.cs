using LiteDB;
using Microsoft.Extensions.Logging;
using StatusHub.Storage;
using StatusHub.Tests.Support;

namespace StatusHub.Tests.Storage;

/// <summary>
/// The hourly housekeeping loops (old delivery rows, sign-ups never confirmed, expired conversations) share one round:
/// it waits out read-only mode with one line when the pause begins and one when it ends, and a store failure is a
/// warning for the next round to retry, never an exception that ends the loop.
/// </summary>
public sealed class HousekeepingTests : IDisposable
{
    private readonly TestStore _store = new();
    private readonly ListLogger<Sweep> _logger = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void While_the_store_is_read_only_rounds_wait_and_say_so_once()
    {
        var mode = _store.Get<ReadOnlyMode>();
        var sweep = new Sweep(mode, _store.Time, _logger);

        mode.SwitchOn("admin@example.com", "restoring last night's backup");
        sweep.Round();
        sweep.Round();
        sweep.Round();
        Assert.Equal(0, sweep.Rounds);

        mode.SwitchOff("admin@example.com");
        sweep.Round();
        Assert.Equal(1, sweep.Rounds);

        Assert.DoesNotContain(_logger.Entries, entry => entry.Level >= LogLevel.Warning);
        Assert.Single(_logger.Entries, entry => entry.Message.Contains("Sweeping is paused while the store is read-only: ", StringComparison.Ordinal) && entry.Message.Contains("restoring last night's backup", StringComparison.Ordinal));
        Assert.Single(_logger.Entries, entry => entry.Message.Contains("Sweeping goes on", StringComparison.Ordinal));
    }

    [Fact]
    public void A_round_read_only_mode_caught_half_way_is_not_an_error()
    {
        var sweep = new Sweep(_store.Get<ReadOnlyMode>(), _store.Time, _logger) { Failure = new ReadOnlyException(new ReadOnlyState(_store.Now, "admin@example.com", "restoring last night's backup", ByStartFlag: false)) };

        sweep.Round();

        Assert.Empty(_logger.Entries);
    }

    [Fact]
    public void A_round_the_store_failed_is_a_warning_and_the_next_round_runs()
    {
        var sweep = new Sweep(_store.Get<ReadOnlyMode>(), _store.Time, _logger) { Failure = new LiteException(0, "disk full") };

        sweep.Round();
        sweep.Failure = null;
        sweep.Round();

        Assert.Equal(1, sweep.Rounds);
        var warning = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Sweeping failed; trying again in 01:00:00", warning.Message, StringComparison.Ordinal);
    }

    public sealed class Sweep(ReadOnlyMode readOnly, TimeProvider time, ILogger<Sweep> logger) : Housekeeping(readOnly, time, logger, "Sweeping")
    {
        public int Rounds { get; private set; }

        public Exception? Failure { get; set; }

        protected override void Clean()
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            Rounds++;
        }
    }
}
