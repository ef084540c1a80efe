using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Sync.Actions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// The ftrack → AYON sync routes (processor, <c>ftrack.update</c>), in the original's order: folder rename/move,
/// removals, creations, task rename/move, attributes (of contexts, the project and versions), assignees, links, lists,
/// then ftrack notes → AYON comments, then private-project roles → AYON access groups; the auto-sync toggle runs the full sync.
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
            .On<FtrackEvent, UpdateProject.Command, UpdateProject.Handler>(HostMode.Processor, FtrackUpdate.Topic, UpdateProject.From, 24)
            .On<FtrackEvent, UpdateVersions.Command, UpdateVersions.Handler>(HostMode.Processor, FtrackUpdate.Topic, UpdateVersions.From, 24)
            .On<FtrackEvent, ChangeAssignees.Command, ChangeAssignees.Handler>(HostMode.Processor, FtrackUpdate.Topic, ChangeAssignees.From, 25)
            .On<FtrackEvent, ChangeLinks.Command, ChangeLinks.Handler>(HostMode.Processor, FtrackUpdate.Topic, ChangeLinks.From, 26)
            .On<FtrackEvent, ChangeLists.Command, ChangeLists.Handler>(HostMode.Processor, FtrackUpdate.Topic, ChangeLists.From, 27)
            .On<FtrackEvent, ChangeNotes.Command, ChangeNotes.Handler>(HostMode.Processor, FtrackUpdate.Topic, ChangeNotes.From, 28)
            .On<FtrackEvent, UsersSyncFromFtrack.Command, UsersSyncFromFtrack.Handler>(HostMode.Processor, FtrackUpdate.Topic, UsersSyncFromFtrack.From, 29)
            .On<FtrackEvent, DriftRequest.Command, DriftRequest.Handler>(HostMode.Processor, DriftRequest.Topic, DriftRequest.From);
        SyncActionRoutes.Map(map);
    }
}

/// <summary>Registers what the sync slices share.</summary>
public static class SyncRegistration
{
    /// <summary>
    /// Adds <see cref="IncrementalSync"/> (scoped: the change slices' engine) with the per-event contexts it shares its
    /// state through.
    /// </summary>
    public static IServiceCollection AddIncrementalSync(this IServiceCollection services)
    {
        services.AddProjectContexts();
        services.TryAddScoped<IncrementalSync>();
        return services;
    }
}
