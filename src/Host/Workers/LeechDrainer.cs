using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Leech;
using AyonFtrack.Features.Pipeline;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Workers;

/// <summary>
/// Moves spooled ftrack events into AYON as <c>ftrack.leech</c>, one at a time and in arrival order (AYON's creation order
/// is the processing order). An event leaves the spool only once AYON has it (200, or 409 = stored before). While AYON
/// is unreachable or answers 5xx, 401, 403 or 404, the drainer waits with backoff and tries the same event again; an
/// event AYON refuses for good (<see cref="LeechDeadLetters"/>) goes to the dead-letter table, so it never blocks the others. A key AYON
/// rejects (401) for <see cref="LeecherOptions.UnauthorizedExitAfter"/> ends the service (exit code 78); the events stay
/// in the spool for the next start.
/// </summary>
public sealed partial class LeechDrainer(
    ILeechSpool spool,
    AyonEventWriter events,
    IOptions<AyonOptions> ayonOptions,
    IOptions<LeecherOptions> leecherOptions,
    IOptions<ServiceOptions> serviceOptions,
    ErrorReporter errors,
    TimeProvider time,
    ILogger<LeechDrainer> logger,
    AyonKeyWatch? keyWatch = null)
{
    private readonly AyonKeyWatch _key = keyWatch ?? new AyonKeyWatch(time);

    private long _stored;

    /// <summary>Events stored in AYON (or found already stored) since start.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Drains until <paramref name="cancellationToken"/> fires.</summary>
    /// <exception cref="ConfigurationException">AYON has rejected the key for <see cref="LeecherOptions.UnauthorizedExitAfter"/>.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = serviceOptions.Value.MinRetryDelay;
        var sender = ayonOptions.Value.ServiceName;
        var outage = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            await spool.WaitForEventsAsync(cancellationToken);
            var batch = await spool.PeekAsync(leecherOptions.Value.DrainBatchSize, cancellationToken);
            var done = new List<long>(batch.Count);
            Exception? failure = null;
            foreach (var item in batch)
            {
                try
                {
                    await events.DispatchAsync(Topics.Leech, sender, item.Hash, item.Description, item.PayloadJson, cancellationToken);
                    done.Add(item.Sequence);
                }
                catch (AyonRequestException ex) when (ex.StatusCode is { } status && LeechDeadLetters.IsRefusedForGood(status))
                {
                    await spool.RemoveAsync(done, cancellationToken);
                    done.Clear();
                    var reason = ex.Message;
                    await spool.DeadLetterAsync(item.Sequence, reason, cancellationToken);
                    Log.DeadLettered(logger, item.Hash, item.Topic, reason);
                    await errors.ReportAsync("leech-refused", $"ftrack event {item.Hash} ({item.Topic}) was refused by AYON and kept in the leecher's dead-letter table: {reason}", cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failure = ex;
                    break;
                }
            }

            await spool.RemoveAsync(done, CancellationToken.None);
            Interlocked.Add(ref _stored, done.Count);
            if (failure is null || done.Count > 0)
            {
                _key.Accepted();
            }

            if (failure is null)
            {
                if (outage)
                {
                    outage = false;
                    var waiting = await spool.CountAsync(cancellationToken);
                    Log.Resumed(logger, waiting);
                }

                delay = serviceOptions.Value.MinRetryDelay;
                continue;
            }

            outage = true;
            if (AyonKeyWatch.IsUnauthorized(failure))
            {
                _key.Rejected(leecherOptions.Value.UnauthorizedExitAfter, $"{LeecherOptions.Section}:{nameof(LeecherOptions.UnauthorizedExitAfter)}");
            }

            var queued = await spool.CountAsync(cancellationToken);
            Log.AyonUnavailable(logger, ServiceBootstrap.Reason(failure), queued, delay.TotalSeconds);
            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, serviceOptions.Value.MaxRetryDelay.Ticks));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "AYON cannot take ftrack events now ({Reason}); {Waiting} wait in the spool; trying again in {Delay} s")]
        public static partial void AyonUnavailable(ILogger logger, string reason, long waiting, double delay);

        [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "AYON takes ftrack events again; {Waiting} still wait in the spool")]
        public static partial void Resumed(ILogger logger, long waiting);

        [LoggerMessage(EventId = 1012, Level = LogLevel.Error, Message = "ftrack event {FtrackEventId} ({Topic}) moved to the dead-letter table: {Reason}")]
        public static partial void DeadLettered(ILogger logger, string ftrackEventId, string topic, string reason);
    }
}
