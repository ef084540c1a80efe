using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Transmit;
using AyonFtrack.Host.Workers;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Integration.Tests.Transmit;

public sealed class TransmitRoutesTests
{
    [Fact]
    public void Map_EveryEnrolledTopic_IsRoutedOrDeclaredWithoutFtrackEffect()
    {
        var map = new SliceMap(HostMode.Transmitter, new ServiceCollection());
        new TransmitModule().Map(map);
        var routed = map.Routes.Select(r => r.Topic).ToHashSet(StringComparer.Ordinal);

        routed.Overlaps(TransmitModule.TopicsWithoutFtrackEffect).ShouldBeFalse();
        routed.Union(TransmitModule.TopicsWithoutFtrackEffect).Order(StringComparer.Ordinal)
            .ShouldBe(TransmitterWorker.SourceTopics.Order(StringComparer.Ordinal));
    }
}
