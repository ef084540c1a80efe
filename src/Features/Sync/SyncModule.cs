using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Sync.Actions;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// The ftrack → AYON sync routes (processor, <c>ftrack.update</c>), in the original's order: folder rename/move,
/// removals, creations, task rename/move, attributes, assignees; the auto-sync toggle runs the full sync.
/// Log event ids 2000–2099.
/// </summary>
public sealed class SyncModule : ISliceModule
{
    /// <inheritdoc />
    public void Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.On<FtrackEvent, AutoSyncToggled.Command, AutoSyncToggled.Handler>(HostMode.Processor, FtrackUpdate.Topic, AutoSyncToggled.From, 10)
            .On<FtrackEvent, FolderRenameOrMove.Command, FolderRenameOrMove.Handler>(HostMode.Processor, FtrackUpdate.Topic, FolderRenameOrMove.From, 20)
            .On<FtrackEvent, RemoveEntities.Command, RemoveEntities.Handler>(HostMode.Processor, FtrackUpdate.Topic, RemoveEntities.From, 21)
            .On<FtrackEvent, CreateEntities.Command, CreateEntities.Handler>(HostMode.Processor, FtrackUpdate.Topic, CreateEntities.From, 22)
            .On<FtrackEvent, TaskRenameOrMove.Command, TaskRenameOrMove.Handler>(HostMode.Processor, FtrackUpdate.Topic, TaskRenameOrMove.From, 23)
            .On<FtrackEvent, UpdateAttributes.Command, UpdateAttributes.Handler>(HostMode.Processor, FtrackUpdate.Topic, UpdateAttributes.From, 24)
            .On<FtrackEvent, ChangeAssignees.Command, ChangeAssignees.Handler>(HostMode.Processor, FtrackUpdate.Topic, ChangeAssignees.From, 25);
        SyncActionRoutes.Map(map);
    }
}
