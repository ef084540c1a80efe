using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Features.Automations;

/// <summary>
/// The processor's status automations (processor, <c>ftrack.update</c>), run after the sync slices: task status to
/// parent (P-18), version status to task (P-21),
/// next task update (P-14), task status to versions (P-19, skips the service user's own changes), and a version's
/// thumbnail shown on its task and parents (P-20). Each writes only statuses that differ from what it just read, so the <c>ftrack.update</c> its own
/// commit produces settles after at most one more pass.
/// Log event ids 2500–2599.
/// </summary>
public sealed class AutomationsModule : ISliceModule
{
    /// <summary>The automations' priority: after every sync slice (10–27), as the original's status handlers run after the sync.</summary>
    public const int Priority = 100;

    /// <inheritdoc />
    public void Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.On<FtrackEvent, TaskStatusToParent.Command, TaskStatusToParent.Handler>(HostMode.Processor, StatusChange.Topic, TaskStatusToParent.From, Priority)
            .On<FtrackEvent, VersionToTaskStatus.Command, VersionToTaskStatus.Handler>(HostMode.Processor, StatusChange.Topic, VersionToTaskStatus.From, Priority)
            .On<FtrackEvent, NextTaskUpdate.Command, NextTaskUpdate.Handler>(HostMode.Processor, StatusChange.Topic, NextTaskUpdate.From, Priority)
            .On<FtrackEvent, TaskToVersionStatus.Command, TaskToVersionStatus.Handler>(HostMode.Processor, StatusChange.Topic, TaskToVersionStatus.From, Priority)
            .On<FtrackEvent, ThumbnailUpdates.Command, ThumbnailUpdates.Handler>(HostMode.Processor, StatusChange.Topic, ThumbnailUpdates.From, Priority);
    }
}
