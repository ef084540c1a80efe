using AyonFtrack.Features.Common;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.SampleSlices;

/// <summary>
/// The sample addon's routes: one processor slice, after the built-in slices (priority 200), and one local action of
/// the desktop. Each process keeps the routes of its own mode: the processor never sees the desktop action.
/// </summary>
public sealed class SampleSlicesModule : ISliceModule
{
    /// <summary>The priority of the sample's route: the built-in slices (100) run first.</summary>
    public const int Priority = 200;

    /// <inheritdoc />
    public void Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.On<FtrackEvent, RecordUpdate.Command, RecordUpdate.Handler>(HostMode.Processor, "ftrack.update", RecordUpdate.From, Priority);
        map.LocalAction<SayHello.Command, SayHello.Handler>(SayHello.From);
    }
}
