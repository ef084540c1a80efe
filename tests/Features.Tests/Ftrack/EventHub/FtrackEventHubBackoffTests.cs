using AyonFtrack.Features.Ftrack.EventHub;

namespace AyonFtrack.Features.Tests.Ftrack.EventHub;

public sealed class FtrackEventHubBackoffTests
{
    [Theory]
    [InlineData(0, 0.0, 1000)]
    [InlineData(1, 0.0, 2000)]
    [InlineData(2, 0.0, 4000)]
    [InlineData(3, 0.0, 8000)]
    [InlineData(4, 0.0, 10000)]
    [InlineData(500, 0.0, 10000)]
    [InlineData(0, 0.5, 1250)]
    [InlineData(0, 0.999, 1499.5)]
    [InlineData(500, 1.0, 15000)]
    [InlineData(-3, 0.0, 1000)]
    public void ComputeBackoff_Failures_DoublesFromMinCappedAtMaxPlusJitter(int failures, double random, double expectedMs)
    {
        var delay = FtrackEventHub.ComputeBackoff(failures, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), random);

        delay.TotalMilliseconds.ShouldBe(expectedMs, 0.001);
    }

    [Fact]
    public void ComputeBackoff_MaxBelowMin_UsesMin()
    {
        FtrackEventHub.ComputeBackoff(5, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), 0).ShouldBe(TimeSpan.FromSeconds(2));
    }
}
