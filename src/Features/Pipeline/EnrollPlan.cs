using AyonFtrack.Features.Ayon;

namespace AyonFtrack.Features.Pipeline;

/// <summary>What the enroll worker learns from an AYON source event: the topic to route and the input the slices read.</summary>
/// <param name="Topic">The topic the slices are routed by.</param>
/// <param name="Input">The slices' input (an <see cref="Common.FtrackEvent"/> in the processor, the <see cref="AyonEvent"/> in the transmitter).</param>
/// <param name="FtrackEventId">The ftrack event's id, for logs and traces; null when the input is not an ftrack event.</param>
public sealed record JobInput(string Topic, object Input, string? FtrackEventId);

/// <summary>
/// A mode's enroll plan, declared by its module beside its routes (<see cref="SliceMap.Enroll"/>): which AYON source
/// topics the one enroll worker turns into jobs of <see cref="TargetTopic"/>, how it reads a source event, and what it
/// does when idle. The worker adds the sender (the service's name) and the limits of the mode's configuration section.
/// </summary>
/// <param name="TargetTopic">The jobs' topic (<c>ftrack.proc</c>, <c>ftrack.sync</c>).</param>
/// <param name="Description">The jobs' description, as the original writes it.</param>
/// <param name="Read">Turns a source event into the slices' input; null when the event is unusable (the job is rejected).</param>
public sealed record EnrollPlan(string TargetTopic, string Description, Func<AyonEvent, JobInput?> Read)
{
    /// <summary>Source topics matched exactly (list form). Either this or <see cref="SourcePattern"/>.</summary>
    public IReadOnlyList<string>? SourceTopics { get; init; }

    /// <summary>A source topic pattern (<c>*</c> matches anything). Either this or <see cref="SourceTopics"/>.</summary>
    public string? SourcePattern { get; init; }

    /// <summary>One job at a time, in order (<c>sequential</c>); null leaves it to the server.</summary>
    public bool? Sequential { get; init; }

    /// <summary>Source events of these sender types are not enrolled (a service's own writes).</summary>
    public IReadOnlyList<string>? IgnoreSenderTypes { get; init; }

    /// <summary>Whether the idle worker fails jobs left pending too long.</summary>
    public bool SweepStuckJobs { get; init; }

    /// <summary>Which inputs of jobs left failed run again when the worker is idle; null: none.</summary>
    public Func<JobInput, bool>? Reconciles { get; init; }

    /// <summary>Whether the mode's slices publish on the ftrack event hub, which then runs as long as the worker.</summary>
    public bool UsesEventHub { get; init; }

    /// <summary>The enroll request of this plan for <paramref name="sender"/> with the mode's retry and age limits.</summary>
    public EnrollRequest Request(string sender, int maxRetries, int ignoreOlderThanDays)
    {
        var source = SourceTopics is { } topics
            ? EnrollRequest.SourceTopics(topics)
            : EnrollRequest.SourcePattern(SourcePattern ?? throw new InvalidOperationException($"The enroll plan of {TargetTopic} names no source topic."));
        return new EnrollRequest
        {
            SourceTopic = source,
            TargetTopic = TargetTopic,
            Sender = sender,
            Description = Description,
            Sequential = Sequential,
            IgnoreSenderTypes = IgnoreSenderTypes,
            MaxRetries = maxRetries,
            IgnoreOlderThan = ignoreOlderThanDays,
        };
    }
}

/// <summary>The input a timer dispatches through the pipeline: the slices of <paramref name="Topic"/> run on each tick.</summary>
/// <param name="Topic">The timer's internal topic (<see cref="Topics"/>); it never crosses a wire.</param>
/// <param name="At">When the tick fired.</param>
public sealed record TimerTick(string Topic, DateTimeOffset At);
