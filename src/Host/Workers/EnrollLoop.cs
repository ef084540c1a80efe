using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Host.Workers;

/// <summary>
/// The job loop of the enroll worker (the processor's and the transmitter's <see cref="EnrollPlan"/>): enroll, run the job, repeat; wait when idle; sweep stuck jobs when
/// idle long enough. A stop request lets the job in hand finish (up to the host's grace period) and takes no new one.
/// One bad job never stops the loop. When idle it waits on <c>arrivals</c> (AYON's event websocket), which wakes it
/// as soon as a source event is stored; without one it sleeps the idle delay. A job left failed is reconciled at the
/// next idle moment (its slices run again on current state, reported in a <see cref="JobRunner.ReconcileTopic"/> event);
/// at its first idle moment the loop also takes the jobs an earlier process left failed and no report names, so a
/// restart forgets none.
/// AYON answering 401 for longer than <see cref="JobLoopOptions.UnauthorizedExitAfter"/> (a revoked key) ends the
/// service with the configuration exit code.
/// </summary>
public sealed partial class EnrollLoop(
    IAyonApi ayon,
    JobRunner runner,
    ServiceHeartbeat heartbeat,
    TimeProvider time,
    ILogger<EnrollLoop> logger,
    IAyonEventArrivals? arrivals = null,
    AyonKeyWatch? keyWatch = null)
{
    private readonly AyonKeyWatch _key = keyWatch ?? new AyonKeyWatch(time);

    /// <summary>
    /// Runs <paramref name="plan"/> as <paramref name="sender"/> until <paramref name="stoppingToken"/> fires.
    /// <paramref name="jobToken"/> aborts the job in hand (after the grace period).
    /// </summary>
    public async Task RunAsync(EnrollPlan plan, string sender, JobLoopOptions options, CancellationToken stoppingToken, CancellationToken jobToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var request = plan.Request(sender, options.MaxRetries, options.IgnoreOlderThanDays);
        var lastWork = time.GetUtcNow();
        var lastSweep = DateTimeOffset.MinValue;
        var failures = 0;
        var leftFailed = new List<FailedJob>();
        var earlierFound = plan.Reconciles is null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var job = await ayon.EnrollAsync(request, stoppingToken);
                failures = 0;
                _key.Accepted();
                heartbeat.Beat();
                if (job is null)
                {
                    runner.QueueEmpty();
                    if (!earlierFound)
                    {
                        // Jobs an earlier process left failed and did not reconcile before it stopped.
                        var earlier = await runner.LeftFailedUnreconciledAsync(request.TargetTopic, options.MaxRetries, MaxLeftFailed, stoppingToken);
                        earlierFound = true;
                        leftFailed.AddRange(earlier.Where(e => !leftFailed.Any(l => l.JobId == e.JobId)).Take(MaxLeftFailed - leftFailed.Count));
                    }

                    if (leftFailed.Count > 0 && plan.Reconciles is not null)
                    {
                        List<FailedJob> batch = [.. leftFailed];
                        leftFailed.Clear();
                        try
                        {
                            await runner.ReconcileAsync(batch, plan.Read, plan.Reconciles, request.Sender, request.TargetTopic, jobToken);
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException)
                        {
                            leftFailed.AddRange(batch);
                            throw;
                        }

                        continue;
                    }

                    var now = time.GetUtcNow();
                    if (plan.SweepStuckJobs && now - lastWork >= options.StuckJobSweepInterval && now - lastSweep >= options.StuckJobSweepInterval)
                    {
                        lastSweep = now;
                        await SweepStuckJobsAsync(request.TargetTopic, options.StuckJobTimeout, stoppingToken);
                    }

                    await (arrivals?.WaitAsync(request, options.IdleDelay, stoppingToken) ?? Task.Delay(options.IdleDelay, time, stoppingToken));
                    continue;
                }

                lastWork = time.GetUtcNow();

                // The job in hand runs to its end even when a stop was requested meanwhile; only the grace period cuts it.
                var outcome = await runner.RunAsync(job, plan.Read, options.MaxRetries, jobToken);
                if (plan.Reconciles is not null && leftFailed.Count < MaxLeftFailed && await LeftFailedAsync(job, outcome, options.MaxRetries, jobToken))
                {
                    leftFailed.Add(new FailedJob(job.Id, job.DependsOn));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested || jobToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (AyonKeyWatch.IsUnauthorized(ex))
            {
                var rejectedFor = _key.Rejected(options.UnauthorizedExitAfter, "Processor:/Transmitter:UnauthorizedExitAfter");
                Log.Unauthorized(logger, request.TargetTopic, rejectedFor.TotalSeconds);
                try
                {
                    await Task.Delay(options.IdleDelay * 5, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            catch (Exception ex)
            {
                failures++;
                var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(failures, 5))));
                Log.LoopError(logger, request.TargetTopic, ServiceBootstrap.Reason(ex), delay.TotalSeconds, ex);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private const int MaxLeftFailed = 1000;

    /// <summary>True when the job will not be enrolled again: rejected, or failed with its retries used up.</summary>
    private async Task<bool> LeftFailedAsync(EnrollJob job, JobOutcome outcome, int maxRetries, CancellationToken cancellationToken) => outcome switch
    {
        JobOutcome.Rejected => true,
        JobOutcome.Failed => (await ayon.FindEventAsync(job.Id, cancellationToken))?.Retries > maxRetries,
        _ => false,
    };

    /// <summary>Fails pending jobs of <paramref name="targetTopic"/> created longer than <paramref name="timeout"/> ago (total time).</summary>
    public async Task<int> SweepStuckJobsAsync(string targetTopic, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - timeout;
        var pending = await ayon.GetEventsAsync(new EventsQuery { Topics = [targetTopic], Statuses = [AyonEventStatus.Pending], OlderThan = cutoff, PageSize = 300 }, 1000, cancellationToken);
        var failed = 0;
        foreach (var job in pending.Where(j => j.CreatedAt is { } created && created <= cutoff))
        {
            await ayon.UpdateEventAsync(job.Id, new UpdateEventRequest { Status = AyonEventStatus.Failed, Description = "Stuck event" }, cancellationToken);
            Log.StuckJob(logger, job.Id, job.CreatedAt);
            failed++;
        }

        return failed;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 50, Level = LogLevel.Error, Message = "The {Topic} loop hit an error: {Reason}; going on in {Delay} s")]
        public static partial void LoopError(ILogger logger, string topic, string reason, double delay, Exception exception);

        [LoggerMessage(EventId = 52, Level = LogLevel.Error, Message = "The {Topic} loop: AYON rejects the service's API key (401) since {Seconds} s")]
        public static partial void Unauthorized(ILogger logger, string topic, double seconds);

        [LoggerMessage(EventId = 51, Level = LogLevel.Warning, Message = "Job {JobId} pending since {CreatedAt} is stuck; failed it so that it is retried")]
        public static partial void StuckJob(ILogger logger, string jobId, DateTimeOffset? createdAt);
    }
}
