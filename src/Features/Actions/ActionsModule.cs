using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Features.Actions;

/// <summary>
/// The processor's ftrack actions (server actions, behaviour reference §3.3) and the leecher-started resync.
/// Each action is its descriptor and its launcher (<see cref="ServerActionRoutes.ServerAction{TLaunch, TLauncher}"/>); one discover route answers for all. Log event ids 8000–8099.
/// </summary>
public sealed class ActionsModule : ISliceModule
{
    /// <inheritdoc />
    public void Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.On<FtrackEvent, StartAutoSync.Command, StartAutoSync.Handler>(HostMode.Processor, StartAutoSync.MarkerTopic, StartAutoSync.From);
        map.ServerAction<PrivateProjectDetection.LaunchCommand, PrivateProjectDetection.LaunchHandler>(PrivateProjectDetection.Descriptor, PrivateProjectDetection.Launch);
        map.ServerAction<MultipleNotes.LaunchCommand, MultipleNotes.LaunchHandler>(MultipleNotes.Descriptor, MultipleNotes.Launch);
        map.ServerAction<CloneReviewSession.LaunchCommand, CloneReviewSession.LaunchHandler>(CloneReviewSession.Descriptor, CloneReviewSession.Launch);
        map.ServerAction<DailyLists.LaunchCommand, DailyLists.LaunchHandler>(DailyLists.Descriptor, DailyLists.Launch);
        map.On<FtrackEvent, DailyLists.AutomatedCommand, DailyLists.AutomatedHandler>(HostMode.Processor, DailyLists.AutomatedTopic, DailyLists.Automated);
        map.ServerAction<ComponentSizes.LaunchCommand, ComponentSizes.LaunchHandler>(ComponentSizes.Descriptor, ComponentSizes.Launch);
        map.ServerAction<DeleteEntities.LaunchCommand, DeleteEntities.LaunchHandler>(DeleteEntities.Descriptor, DeleteEntities.Launch);
        map.On<FtrackEvent, ComponentSizes.CalculateCommand, ComponentSizes.CalculateHandler>(HostMode.Processor, ComponentSizes.CalculateTopic, ComponentSizes.Calculate);
    }
}
