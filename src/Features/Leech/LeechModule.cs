using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Features.Leech;

/// <summary>The leecher's routes. Log event ids 1000–1099.</summary>
public sealed class LeechModule : ISliceModule
{
    /// <inheritdoc />
    public void Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.On<FtrackEvent, StoreFtrackEvent.Command, StoreFtrackEvent.Handler>(HostMode.Leecher, "*", StoreFtrackEvent.From);
    }
}
