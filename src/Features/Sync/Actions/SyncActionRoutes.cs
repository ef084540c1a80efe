using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Features.Sync.Actions;

/// <summary>
/// The processor routes of the Sync area's server actions (called by <see cref="SyncModule"/>): one discover and one
/// launch route per action. Log event ids 2040–2069.
/// </summary>
public static class SyncActionRoutes
{
    /// <summary>Maps Sync to AYON (P-10), Prepare Project (P-05) and Sync users to AYON (P-11).</summary>
    public static SliceMap Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return map
            .On<FtrackEvent, SyncFromFtrackAction.DiscoverCommand, SyncFromFtrackAction.DiscoverHandler>(HostMode.Processor, ServerAction.DiscoverTopic, SyncFromFtrackAction.Discover)
            .On<FtrackEvent, SyncFromFtrackAction.LaunchCommand, SyncFromFtrackAction.LaunchHandler>(HostMode.Processor, ServerAction.LaunchTopic, SyncFromFtrackAction.Launch)
            .On<FtrackEvent, PrepareProject.DiscoverCommand, PrepareProject.DiscoverHandler>(HostMode.Processor, ServerAction.DiscoverTopic, PrepareProject.Discover)
            .On<FtrackEvent, PrepareProject.LaunchCommand, PrepareProject.LaunchHandler>(HostMode.Processor, ServerAction.LaunchTopic, PrepareProject.Launch)
            .On<FtrackEvent, SyncUsersAction.DiscoverCommand, SyncUsersAction.DiscoverHandler>(HostMode.Processor, ServerAction.DiscoverTopic, SyncUsersAction.Discover)
            .On<FtrackEvent, SyncUsersAction.LaunchCommand, SyncUsersAction.LaunchHandler>(HostMode.Processor, ServerAction.LaunchTopic, SyncUsersAction.Launch);
    }
}
