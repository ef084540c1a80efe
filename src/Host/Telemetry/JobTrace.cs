using System.Diagnostics;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Host.Workers;

namespace AyonFtrack.Host.Telemetry;

/// <summary>The <c>service</c> tag of this host: leecher, processor or transmitter.</summary>
public sealed record ServiceName(string Value)
{
    /// <summary>The tag for <paramref name="mode"/>.</summary>
    public static ServiceName Of(HostMode mode) => new(mode.ToString().ToLowerInvariant());
}

/// <summary>
/// The telemetry of the job loop (processor, transmitter): one trace per job (<see cref="Start"/>), the jobs, events
/// in/out, latency and requests-per-job measurements, and the queue lag the gauge reads. One per host.
/// </summary>
public sealed class JobTelemetry(ServiceName service, TimeProvider time)
{
    private readonly KeyValuePair<string, object?> _service = ServiceMetrics.ServiceTag(service.Value);
    private DateTimeOffset? _oldestWaiting;

    /// <summary>For hosts that did not register one (tests building a runner by hand).</summary>
    public static readonly JobTelemetry Unnamed = new(new ServiceName("unknown"), TimeProvider.System);

    /// <summary>The service tag.</summary>
    public string Service => service.Value;

    /// <summary>
    /// Seconds since the source event of the job in hand (or of the last job taken) was created; 0 once enroll found
    /// nothing to do. Enroll takes the oldest unprocessed event first, so this is the age of the oldest one waiting.
    /// </summary>
    public double QueueLagSeconds => _oldestWaiting is { } since ? Math.Max(0, (time.GetUtcNow() - since).TotalSeconds) : 0;

    /// <summary>Enroll found no job: nothing waits.</summary>
    public void QueueEmpty() => _oldestWaiting = null;

    /// <summary>Opens the job's trace (a new root span) and counts its source event in.</summary>
    public JobTrace Start(EnrollJob job, AyonEvent source, JobInput input)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(input);
        _oldestWaiting = source.CreatedAt ?? time.GetUtcNow();
        ServiceMetrics.EventsIn.Add(1, _service, new("topic", input.Topic));
        return new JobTrace(this, job, source, input);
    }

    /// <summary>Records how a job ended: the jobs counter always, and when <paramref name="trace"/> is given its latency, requests and span outcome.</summary>
    public void Ended(JobOutcome outcome, JobTrace? trace)
    {
        var outcomeTag = new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant());
        Features.Common.Telemetry.Jobs.Add(1, _service, outcomeTag);
        if (trace is null)
        {
            return;
        }

        ServiceMetrics.EventsOut.Add(1, _service, new("topic", trace.Topic), outcomeTag);
        if (trace.SourceCreatedAt is { } created)
        {
            ServiceMetrics.JobLatency.Record(Math.Max(0, (time.GetUtcNow() - created).TotalSeconds), _service, outcomeTag);
        }

        foreach (var (system, count) in trace.Requests)
        {
            ServiceMetrics.JobRequests.Record(count, _service, new("system", system));
        }

        trace.End(outcome);
    }
}

/// <summary>One job's span and request counts. Dispose it when the job is over.</summary>
public sealed class JobTrace : IDisposable
{
    private static readonly AsyncLocal<JobTrace?> Current = new();
    private readonly Activity? _activity;
    private readonly Activity? _outer;
    private readonly JobTrace? _outerTrace;
    private long _ayon;
    private long _ftrack;

    internal JobTrace(JobTelemetry telemetry, EnrollJob job, AyonEvent source, JobInput input)
    {
        Topic = input.Topic;
        SourceCreatedAt = source.CreatedAt;

        // A job is a trace of its own, whatever span happens to be current in the loop.
        _outer = Activity.Current;
        Activity.Current = null;
        _activity = Features.Common.Telemetry.Source.StartActivity("job " + input.Topic, ActivityKind.Consumer);
        _activity?.SetTag("ayon_ftrack.service", telemetry.Service);
        _activity?.SetTag("ayon.job.id", job.Id);
        _activity?.SetTag(EventTelemetry.AyonEventIdTag, source.Id);
        _activity?.SetTag(EventTelemetry.TopicTag, input.Topic);
        if (input.FtrackEventId is { } ftrackEventId)
        {
            _activity?.SetTag(EventTelemetry.FtrackEventIdTag, ftrackEventId);
        }

        _outerTrace = Current.Value;
        Current.Value = this;
    }

    /// <summary>The job trace running on this async flow, if any.</summary>
    public static JobTrace? Active => Current.Value;

    /// <summary>The routed topic.</summary>
    public string Topic { get; }

    /// <summary>When AYON created the source event.</summary>
    public DateTimeOffset? SourceCreatedAt { get; }

    /// <summary>Requests this job made so far, per system.</summary>
    public IEnumerable<(string System, long Count)> Requests =>
        [("ayon", Interlocked.Read(ref _ayon)), ("ftrack", Interlocked.Read(ref _ftrack))];

    /// <summary>Counts a request for the job running on this async flow, if any.</summary>
    internal static void CountRequest(string system)
    {
        if (Current.Value is not { } trace)
        {
            return;
        }

        if (system == "ftrack")
        {
            Interlocked.Increment(ref trace._ftrack);
        }
        else
        {
            Interlocked.Increment(ref trace._ayon);
        }
    }

    internal void End(JobOutcome outcome)
    {
        _activity?.SetTag("outcome", outcome.ToString().ToLowerInvariant());
        if (outcome != JobOutcome.Finished)
        {
            _activity?.SetStatus(ActivityStatusCode.Error, outcome.ToString().ToLowerInvariant());
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Current.Value = _outerTrace;
        _activity?.Dispose();
        Activity.Current = _outer;
    }
}
