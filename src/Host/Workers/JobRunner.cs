using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Host.Workers;

/// <summary>What a worker learns from an AYON source event: the topic to route and the input the slices read.</summary>
public sealed record JobInput(string Topic, object Input, string? FtrackEventId);

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
public sealed partial class JobRunner(IAyonApi ayon, SliceDispatcher dispatcher, ILogger<JobRunner> logger)
{
    /// <summary>Runs <paramref name="job"/>. <paramref name="read"/> turns the source event into input, or null when it is unusable.</summary>
    public async Task<JobOutcome> RunAsync(EnrollJob job, Func<AyonEvent, JobInput?> read, int maxRetries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(read);
        var source = await ayon.FindEventAsync(job.DependsOn, cancellationToken);
        if (source is null)
        {
            return await EndAsync(job, JobOutcome.Rejected, $"Source event {job.DependsOn} no longer exists", null, maxRetries, cancellationToken);
        }

        var sourceDescription = string.IsNullOrWhiteSpace(source.Description) ? source.Topic : source.Description;
        var input = read(source);
        if (input is null)
        {
            return await EndAsync(job, JobOutcome.Rejected, $"Unreadable source event {source.Id} ({sourceDescription})", null, maxRetries, cancellationToken);
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["AyonEventId"] = source.Id,
            ["Topic"] = input.Topic,
            ["FtrackEventId"] = input.FtrackEventId,
        });
        var report = await dispatcher.DispatchAsync(input.Topic, input.Input, cancellationToken);
        if (report.Succeeded)
        {
            return await EndAsync(job, JobOutcome.Finished, $"Processed {sourceDescription}", report, maxRetries, cancellationToken);
        }

        var outcome = report.HasFailures ? JobOutcome.Failed : JobOutcome.Rejected;
        return await EndAsync(job, outcome, $"Failed {sourceDescription}: {report.FailureSummary}", report, maxRetries, cancellationToken);
    }

    private async Task<JobOutcome> EndAsync(EnrollJob job, JobOutcome outcome, string description, DispatchReport? report, int maxRetries, CancellationToken cancellationToken)
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
        Telemetry.Jobs.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
        switch (outcome)
        {
            case JobOutcome.Finished:
                Log.Finished(logger, job.Id, job.DependsOn, report?.Outcomes.Count ?? 0);
                break;
            case JobOutcome.Failed:
                Log.Failed(logger, job.Id, job.DependsOn, description);
                break;
            default:
                Log.Rejected(logger, job.Id, job.DependsOn, description);
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

        [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "Job {JobId} for event {SourceId} rejected, not retried: {Reason}")]
        public static partial void Rejected(ILogger logger, string jobId, string sourceId, string reason);
    }
}
