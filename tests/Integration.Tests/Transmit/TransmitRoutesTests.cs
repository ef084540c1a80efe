using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Transmit;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Integration.Tests.Transmit;

public sealed class TransmitRoutesTests
{
    [Fact]
    public void Map_EveryEnrolledTopic_IsRoutedOrDeclaredWithoutFtrackEffect()
    {
        var map = new SliceMap(HostMode.Transmitter, new ServiceCollection());
        new TransmitModule().Map(map);
        var routed = map.Routes.Where(r => r.InputType == typeof(Features.Ayon.AyonEvent)).Select(r => r.Topic).ToHashSet(StringComparer.Ordinal);

        routed.Overlaps(TransmitModule.TopicsWithoutFtrackEffect).ShouldBeFalse();
        routed.Union(TransmitModule.TopicsWithoutFtrackEffect).Order(StringComparer.Ordinal)
            .ShouldBe(TransmitModule.SourceTopics.Order(StringComparer.Ordinal));
    }
}
