using System.Text.Json;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Features.Processor;

/// <summary>
/// The processor's queue (behaviour reference §1.4): it enrolls the leecher's <c>ftrack.leech</c> events into
/// <c>ftrack.proc</c> jobs one at a time and in order (<c>sequential</c>), rebuilds each ftrack event and runs the slices
/// routed to its topic (the routes are the areas': Sync, Actions, Automations, Attributes). Idle, it fails jobs left
/// pending too long and runs again the <c>ftrack.update</c> jobs left failed. Its slices publish on the ftrack event hub
/// (action replies, UI messages, triggered events), but it subscribes to nothing there: it takes ftrack events from AYON
/// only. No log of its own.
/// </summary>
public sealed class ProcessorModule : ISliceModule
{
    /// <summary>The processor's enroll plan: exactly the original's request, plus explicit retry and age limits (the worker's).</summary>
    public static readonly EnrollPlan Enroll = new(Topics.Proc, "Event processing", Read)
    {
        SourcePattern = Topics.Leech,
        Sequential = true,
        SweepStuckJobs = true,
        Reconciles = Reconciles,
        UsesEventHub = true,
    };

    /// <inheritdoc />
    public void Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.Enroll(HostMode.Processor, Enroll);
    }

    /// <summary>The stored ftrack event of an <c>ftrack.leech</c> event; null when it carries no topic.</summary>
    public static JobInput? Read(AyonEvent source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Payload is null)
        {
            return null;
        }

        var ftrackEvent = FtrackEvent.FromAyonPayload(JsonSerializer.SerializeToElement(source.Payload));
        return ftrackEvent.Topic.Length == 0 ? null : new JobInput(ftrackEvent.Topic, ftrackEvent, ftrackEvent.Id);
    }

    /// <summary>
    /// Which jobs left failed are run again at the next idle moment: the sync's <c>ftrack.update</c> events, whose slices
    /// read current state and write only differences. Actions and other topics are not replayed (they talk to people).
    /// </summary>
    public static bool Reconciles(JobInput input) => input is { Topic: Topics.FtrackUpdate };
}
