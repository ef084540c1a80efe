using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;

// "Operator" is a Visual Basic keyword; the area is named after the operator's page it serves, and no VB code uses it.
[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace", Target = "~N:AyonFtrack.Features.Operator", Justification = "Named after the operator page; C# only.")]

namespace AyonFtrack.Features.Operator;

/// <summary>
/// What the processor answers for the addon's operator page (the web page in AYON's studio settings): the drift report
/// on demand. Log event ids 9500–9599.
/// </summary>
public sealed class OperatorModule : ISliceModule
{
    /// <inheritdoc />
    public void Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.On<FtrackEvent, DriftRequest.Command, DriftRequest.Handler>(HostMode.Processor, DriftRequest.Topic, DriftRequest.From);
    }
}
