using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Features.Attributes;

/// <summary>
/// The processor's hierarchical-attribute handlers: keeping hierarchical and object-specific values of the same key equal
/// on <c>ftrack.update</c> (P-15), and the server action pushing hierarchical values into object-specific ones (P-09) and the one copying values between two hierarchical attributes (P-12). Log event ids 2600–2699.
/// </summary>
public sealed class AttributesModule : ISliceModule
{
    /// <summary>After the sync slices (priorities 10–28), as the original's handler ran after the sync.</summary>
    public const int UpdatePriority = 50;

    /// <inheritdoc />
    public void Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.On<FtrackEvent, PushHierValuesOnUpdate.Command, PushHierValuesOnUpdate.Handler>(HostMode.Processor, Topics.FtrackUpdate, PushHierValuesOnUpdate.From, UpdatePriority);
        map.ServerAction<PushHierValuesAction.LaunchCommand, PushHierValuesAction.LaunchHandler>(PushHierValuesAction.Descriptor, PushHierValuesAction.Launch);
        map.ServerAction<TransferHierarchicalValues.LaunchCommand, TransferHierarchicalValues.LaunchHandler>(TransferHierarchicalValues.Descriptor, TransferHierarchicalValues.Launch);
    }
}
