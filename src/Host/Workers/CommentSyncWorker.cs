using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Transmit;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Workers;

/// <summary>
/// The transmitter's comment timer: once ftrack is connected (by the enroll worker), it dispatches a
/// <see cref="TimerTick"/> on <see cref="Topics.CommentSyncTick"/> every <see cref="CommentSyncOptions.Interval"/>, and the
/// routed slice (<see cref="SyncComments"/>) does the work. A failed tick is logged and the next one tries again; it
/// never stops the service, except a key AYON rejects (401) for <c>Transmitter:UnauthorizedExitAfter</c>, which ends it
/// with the configuration exit code (issue 14).
/// </summary>
public sealed partial class CommentSyncWorker(
    SliceDispatcher dispatcher,
    FtrackConnection ftrack,
    IOptions<CommentSyncOptions> options,
    IOptionsMonitor<JobLoopOptions> loopOptions,
    AyonKeyWatch keyWatch,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<CommentSyncWorker> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(interval, time, stoppingToken);
                if (ftrack.Current is not null)
                {
                    await TickAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ConfigurationException ex)
        {
            Log.BadConfiguration(logger, ex.Message);
            Environment.ExitCode = ConfigurationException.ExitCode;
            lifetime.StopApplication();
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        var tick = new TimerTick(Topics.CommentSyncTick, time.GetUtcNow());
        var report = await dispatcher.DispatchAsync(tick.Topic, tick, stoppingToken);
        if (report.Succeeded)
        {
            keyWatch.Accepted();
            return;
        }

        if (report.Outcomes.Any(o => o.Error is { } error && AyonKeyWatch.IsUnauthorized(error)))
        {
            var limit = loopOptions.Get(JobLoopOptions.TransmitterSection).UnauthorizedExitAfter;
            var rejectedFor = keyWatch.Rejected(limit, $"{JobLoopOptions.TransmitterSection}:{nameof(JobLoopOptions.UnauthorizedExitAfter)}");
            Log.Unauthorized(logger, rejectedFor.TotalSeconds);
            return;
        }

        Log.RunFailed(logger, report.FailureSummary);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7060, Level = LogLevel.Error, Message = "Comment sync failed: {Reason}; trying again on the next tick")]
        public static partial void RunFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 7061, Level = LogLevel.Error, Message = "Comment sync: AYON rejects the service's API key (401) since {Seconds} s; trying again on the next tick")]
        public static partial void Unauthorized(ILogger logger, double seconds);

        [LoggerMessage(EventId = 7062, Level = LogLevel.Critical, Message = "Stopping: {Message}")]
        public static partial void BadConfiguration(ILogger logger, string message);
    }
}
