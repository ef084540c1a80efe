using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Features.Sync.Actions;

/// <summary>
/// The processor routes of the Sync area's server actions (called by <see cref="SyncModule"/>): its descriptor and launcher per
/// action (the one discover route answers for all). Log event ids 2040–2069.
/// </summary>
public static class SyncActionRoutes
{
    /// <summary>Maps Sync to AYON (P-10), Prepare Project (P-05) and Sync users to AYON (P-11).</summary>
    public static SliceMap Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return map
            .ServerAction<SyncFromFtrackAction.LaunchCommand, SyncFromFtrackAction.LaunchHandler>(SyncFromFtrackAction.Descriptor, SyncFromFtrackAction.Launch)
            .ServerAction<PrepareProject.LaunchCommand, PrepareProject.LaunchHandler>(PrepareProject.Descriptor, PrepareProject.Launch)
            .ServerAction<SyncUsersAction.LaunchCommand, SyncUsersAction.LaunchHandler>(SyncUsersAction.Descriptor, SyncUsersAction.Launch);
    }
}
