using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Host.Telemetry;

namespace AyonFtrack.Host.Workers;

/// <summary>A job left failed (rejected, or failed with its retries used up), to be reconciled when the loop is idle.</summary>
public sealed record FailedJob(string JobId, string SourceId);

/// <summary>What a reconciliation pass did.</summary>
public sealed record ReconcileReport(int Healed, int StillFailing);

/// <summary>How one job ended.</summary>
public enum JobOutcome
{
    /// <summary>Every slice that applied succeeded (or none applied).</summary>
    Finished,

    /// <summary>A slice failed; enroll restarts the job until its retries run out.</summary>
    Failed,

    /// <summary>The input is bad (a validator refused it, or the source is gone); the job fails and is not restarted.</summary>
    Rejected,
}

/// <summary>
/// Runs one enrolled job end to end: load the source event, turn it into the slices' input, dispatch it through the
/// routes, and PATCH the job <c>finished</c> or <c>failed</c> with the failing slices named. Unlike the original, a job
/// whose handler failed is not marked finished (§7).
/// </summary>
public sealed partial class JobRunner(IAyonApi ayon, SliceDispatcher dispatcher, ILogger<JobRunner> logger, JobTelemetry? telemetry = null)
{
    private readonly JobTelemetry _telemetry = telemetry ?? JobTelemetry.Unnamed;

    /// <summary>Enroll found nothing to do: the queue lag is 0.</summary>
    public void QueueEmpty() => _telemetry.QueueEmpty();

    /// <summary>Runs <paramref name="job"/>. <paramref name="read"/> turns the source event into input, or null when it is unusable.</summary>
    public async Task<JobOutcome> RunAsync(EnrollJob job, Func<AyonEvent, JobInput?> read, int maxRetries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(read);
        var source = await ayon.FindEventAsync(job.DependsOn, cancellationToken);
        if (source is null)
        {
            var gone = $"Source event {job.DependsOn} no longer exists";
            return await EndAsync(job, JobOutcome.Rejected, gone, gone, null, maxRetries, cancellationToken);
        }

        var sourceDescription = string.IsNullOrWhiteSpace(source.Description) ? source.Topic : source.Description;
        var input = read(source);
        if (input is null)
        {
            return await EndAsync(job, JobOutcome.Rejected, $"Unreadable source event {source.Id} ({sourceDescription})", $"Unreadable source event {source.Id} ({source.Topic})", null, maxRetries, cancellationToken);
        }

        using var trace = _telemetry.Start(job, source, input);
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["AyonEventId"] = source.Id,
            ["Topic"] = input.Topic,
            ["FtrackEventId"] = input.FtrackEventId,
        });
        var report = await dispatcher.DispatchAsync(input.Topic, input.Input, cancellationToken);
        if (report.Succeeded)
        {
            return await EndAsync(job, JobOutcome.Finished, $"Processed {sourceDescription}", "", report, maxRetries, cancellationToken);
        }

        var outcome = report.HasFailures ? JobOutcome.Failed : JobOutcome.Rejected;
        return await EndAsync(job, outcome, $"Failed {sourceDescription}: {report.FailureSummary}", $"{input.Topic} (ftrack event {input.FtrackEventId}): {report.FailureSummary}", report, maxRetries, cancellationToken);
    }

    /// <summary>
    /// Reconciles jobs left failed (DESIGN §4): each source event whose input <paramref name="reconciles"/> accepts is run
    /// through its slices once more, which read current state by stable ids and write only what differs, so the entities
    /// the failed job touched are brought in line. One AYON event (<see cref="ReconcileTopic"/>, stored, finished) reports
    /// what was healed and what still fails; null when nothing was run.
    /// </summary>
    public async Task<ReconcileReport?> ReconcileAsync(
        IReadOnlyList<FailedJob> jobs, Func<AyonEvent, JobInput?> read, Func<JobInput, bool> reconciles, string? sender, string targetTopic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(reconciles);
        var items = new JsonArray();
        var (healed, failing) = (0, 0);
        foreach (var job in jobs)
        {
            var source = await ayon.FindEventAsync(job.SourceId, cancellationToken);
            if (source is null || read(source) is not { } input || !reconciles(input))
            {
                continue;
            }

            var report = await dispatcher.DispatchAsync(input.Topic, input.Input, cancellationToken);
            var ok = report.Succeeded;
            healed += ok ? 1 : 0;
            failing += ok ? 0 : 1;
            items.Add(new JsonObject
            {
                ["job"] = job.JobId,
                ["source"] = job.SourceId,
                ["healed"] = ok,
                ["reason"] = ok ? null : Trim(report.FailureSummary, 500),
            });
            Log.Reconciled(logger, job.JobId, job.SourceId, ok ? "healed" : "still failing");
        }

        if (items.Count == 0)
        {
            return null;
        }

        var result = new ReconcileReport(healed, failing);
        await ayon.DispatchEventAsync(new DispatchEventRequest
        {
            Topic = ReconcileTopic,
            Sender = sender,
            Description = $"Reconciled {items.Count} failed {targetTopic} jobs: {healed} healed, {failing} still failing",
            Payload = new JsonObject { ["targetTopic"] = targetTopic, ["jobs"] = items },
            Finished = true,
            Store = true,
        }, cancellationToken);
        return result;
    }

    /// <summary>The topic of the reconciliation report events.</summary>
    public const string ReconcileTopic = Topics.Reconcile;

    /// <summary>
    /// Jobs of <paramref name="targetTopic"/> left failed (failed with retries above <paramref name="maxRetries"/>:
    /// rejected, or out of retries) that no <see cref="ReconcileTopic"/> report names yet, oldest first: what an earlier
    /// process left to reconcile when it stopped. AYON is the memory, so a restart forgets nothing (issue 14). At most
    /// <paramref name="limit"/> of the newest failed jobs are looked at.
    /// </summary>
    public async Task<IReadOnlyList<FailedJob>> LeftFailedUnreconciledAsync(string targetTopic, int maxRetries, int limit, CancellationToken cancellationToken)
    {
        var failed = await ayon.GetEventsAsync(
            new EventsQuery { Topics = [targetTopic], Statuses = [AyonEventStatus.Failed], NewestFirst = true, PageSize = 300 }, limit, cancellationToken);
        var left = failed.Where(j => j.Retries > maxRetries && !string.IsNullOrEmpty(j.DependsOn)).ToList();
        if (left.Count == 0)
        {
            return [];
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        var reports = await ayon.GetEventsAsync(new EventsQuery { Topics = [ReconcileTopic], NewestFirst = true, PageSize = 300 }, limit, cancellationToken);
        foreach (var report in reports.Where(r => r.Payload?["targetTopic"]?.GetValue<string>() == targetTopic))
        {
            foreach (var item in report.Payload?["jobs"]?.AsArray() ?? [])
            {
                if (item?["job"]?.GetValue<string>() is { } id)
                {
                    reported.Add(id);
                }
            }
        }

        return [.. left.Where(j => !reported.Contains(j.Id)).Reverse().Select(j => new FailedJob(j.Id, j.DependsOn!))];
    }

    private static string Trim(string text, int length) => text.Length > length ? text[..length] : text;

    /// <summary>
    /// PATCHes the job. <paramref name="description"/> goes to AYON (the source's description, as the original writes it);
    /// <paramref name="logReason"/> goes to the log and names ids and topics only: the leecher's description carries the
    /// ftrack username, often an e-mail address, which stays out of log lines.
    /// </summary>
    private async Task<JobOutcome> EndAsync(EnrollJob job, JobOutcome outcome, string description, string logReason, DispatchReport? report, int maxRetries, CancellationToken cancellationToken)
    {
        var update = new UpdateEventRequest
        {
            Status = outcome == JobOutcome.Finished ? AyonEventStatus.Finished : AyonEventStatus.Failed,
            Description = description.Length > 2000 ? description[..2000] : description,
            Payload = report is null ? null : Payload(report),

            // Bad input is not worth a retry: retries above maxRetries put the job in enroll's done set.
            Retries = outcome == JobOutcome.Rejected ? maxRetries + 1 : null,
        };
        await ayon.UpdateEventAsync(job.Id, update, cancellationToken);
        _telemetry.Ended(outcome, JobTrace.Active);
        switch (outcome)
        {
            case JobOutcome.Finished:
                Log.Finished(logger, job.Id, job.DependsOn, report?.Outcomes.Count ?? 0);
                break;
            case JobOutcome.Failed:
                Log.Failed(logger, job.Id, job.DependsOn, logReason);
                break;
            default:
                Log.Rejected(logger, job.Id, job.DependsOn, logReason);
                break;
        }

        return outcome;
    }

    private static JsonObject Payload(DispatchReport report) => new()
    {
        ["slices"] = new JsonArray([.. report.Outcomes.Select(o => (JsonNode)new JsonObject
        {
            ["slice"] = o.Slice,
            ["outcome"] = o.Kind.ToString().ToLowerInvariant(),
            ["message"] = o.Message,
        })]),
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 40, Level = LogLevel.Debug, Message = "Job {JobId} for event {SourceId} finished ({Slices} slices ran)")]
        public static partial void Finished(ILogger logger, string jobId, string sourceId, int slices);

        [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "Job {JobId} for event {SourceId} failed: {Reason}")]
        public static partial void Failed(ILogger logger, string jobId, string sourceId, string reason);

        [LoggerMessage(EventId = 43, Level = LogLevel.Information, Message = "Reconciliation of failed job {JobId} (event {SourceId}): {Outcome}")]
        public static partial void Reconciled(ILogger logger, string jobId, string sourceId, string outcome);

        [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "Job {JobId} for event {SourceId} rejected, not retried: {Reason}")]
        public static partial void Rejected(ILogger logger, string jobId, string sourceId, string reason);
    }
}
