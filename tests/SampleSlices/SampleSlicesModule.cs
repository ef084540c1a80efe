using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.SampleSlices;

/// <summary>The sample addon's routes: one processor slice, after the built-in slices (priority 200).</summary>
public sealed class SampleSlicesModule : ISliceModule
{
    /// <summary>The priority of the sample's route: the built-in slices (100) run first.</summary>
    public const int Priority = 200;

    /// <inheritdoc />
    public void Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.On<FtrackEvent, RecordUpdate.Command, RecordUpdate.Handler>(HostMode.Processor, "ftrack.update", RecordUpdate.From, Priority);
    }
}
