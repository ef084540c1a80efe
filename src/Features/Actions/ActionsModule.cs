using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Features.Actions;

/// <summary>
/// The processor's ftrack actions (server actions, behaviour reference §3.3) and the leecher-started resync.
/// Each action maps a discover route and a launch route. Log event ids 8000–8099.
/// </summary>
public sealed class ActionsModule : ISliceModule
{
    /// <inheritdoc />
    public void Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.On<FtrackEvent, StartAutoSync.Command, StartAutoSync.Handler>(HostMode.Processor, StartAutoSync.MarkerTopic, StartAutoSync.From);
        map.On<FtrackEvent, PrivateProjectDetection.DiscoverCommand, PrivateProjectDetection.DiscoverHandler>(
            HostMode.Processor, ServerAction.DiscoverTopic, PrivateProjectDetection.Discover);
        map.On<FtrackEvent, PrivateProjectDetection.LaunchCommand, PrivateProjectDetection.LaunchHandler>(
            HostMode.Processor, ServerAction.LaunchTopic, PrivateProjectDetection.Launch);
        map.On<FtrackEvent, MultipleNotes.DiscoverCommand, MultipleNotes.DiscoverHandler>(HostMode.Processor, ServerAction.DiscoverTopic, MultipleNotes.Discover);
        map.On<FtrackEvent, MultipleNotes.LaunchCommand, MultipleNotes.LaunchHandler>(HostMode.Processor, ServerAction.LaunchTopic, MultipleNotes.Launch);
        map.On<FtrackEvent, CloneReviewSession.DiscoverCommand, CloneReviewSession.DiscoverHandler>(HostMode.Processor, ServerAction.DiscoverTopic, CloneReviewSession.Discover);
        map.On<FtrackEvent, CloneReviewSession.LaunchCommand, CloneReviewSession.LaunchHandler>(HostMode.Processor, ServerAction.LaunchTopic, CloneReviewSession.Launch);
        map.On<FtrackEvent, DailyLists.DiscoverCommand, DailyLists.DiscoverHandler>(HostMode.Processor, ServerAction.DiscoverTopic, DailyLists.Discover);
        map.On<FtrackEvent, DailyLists.LaunchCommand, DailyLists.LaunchHandler>(HostMode.Processor, ServerAction.LaunchTopic, DailyLists.Launch);
        map.On<FtrackEvent, DailyLists.AutomatedCommand, DailyLists.AutomatedHandler>(HostMode.Processor, DailyLists.AutomatedTopic, DailyLists.Automated);
        map.On<FtrackEvent, ComponentSizes.DiscoverCommand, ComponentSizes.DiscoverHandler>(HostMode.Processor, ServerAction.DiscoverTopic, ComponentSizes.Discover);
        map.On<FtrackEvent, ComponentSizes.LaunchCommand, ComponentSizes.LaunchHandler>(HostMode.Processor, ServerAction.LaunchTopic, ComponentSizes.Launch);
        map.On<FtrackEvent, ComponentSizes.CalculateCommand, ComponentSizes.CalculateHandler>(HostMode.Processor, ComponentSizes.CalculateTopic, ComponentSizes.Calculate);
    }
}
