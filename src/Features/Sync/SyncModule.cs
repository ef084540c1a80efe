using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Sync.Actions;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// The ftrack → AYON sync routes (processor, <c>ftrack.update</c>), in the original's order: the sync of the event
/// (<see cref="AutoSyncFromFtrack"/>: the auto-sync toggle, then hierarchy, attributes, versions, assignees, links and
/// lists, in that order), ftrack notes → AYON comments, then private-project roles → AYON access groups.
/// Log event ids 2000–2099.
/// </summary>
public sealed class SyncModule : ISliceModule
{
    /// <inheritdoc />
    public void Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.On<FtrackEvent, AutoSyncFromFtrack.Command, AutoSyncFromFtrack.Handler>(HostMode.Processor, FtrackUpdate.Topic, AutoSyncFromFtrack.From, 20)
            .On<FtrackEvent, ChangeNotes.Command, ChangeNotes.Handler>(HostMode.Processor, FtrackUpdate.Topic, ChangeNotes.From, 28)
            .On<FtrackEvent, UsersSyncFromFtrack.Command, UsersSyncFromFtrack.Handler>(HostMode.Processor, FtrackUpdate.Topic, UsersSyncFromFtrack.From, 29)
            .On<FtrackEvent, DriftRequest.Command, DriftRequest.Handler>(HostMode.Processor, DriftRequest.Topic, DriftRequest.From);
        SyncActionRoutes.Map(map);
    }
}

/// <summary>Registers what the sync slices share.</summary>
public static class SyncRegistration
{
    /// <summary>Adds what the incremental sync reads through: the per-event project contexts.</summary>
    public static IServiceCollection AddIncrementalSync(this IServiceCollection services)
    {
        services.AddProjectContexts();
        return services;
    }
}
