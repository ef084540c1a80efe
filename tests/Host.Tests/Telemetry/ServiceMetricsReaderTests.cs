using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Host.Telemetry;
using AyonFtrack.Host.Workers;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Host.Tests.Telemetry;

public sealed class ServiceMetricsReaderTests
{
    [Fact]
    public void Read_AfterJobsOfAService_EventsInOutPerSecondAndItsQueueLagFromTheMeter()
    {
        var service = $"reader-{Guid.NewGuid():N}";
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        using var reader = new ServiceMetricsReader(time);
        var jobs = new JobTelemetry(new ServiceName(service), time);
        using var observed = ServiceMetrics.Observe(new ServiceMetrics.Observed(service) { QueueLag = () => jobs.QueueLagSeconds });
        var created = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(6));
        for (var i = 0; i < 3; i++)
        {
            var source = new AyonEvent { Id = $"src-{i}", Topic = "ftrack.leech", Status = "finished", CreatedAt = created };
            using var trace = jobs.Start(new EnrollJob($"job-{i}", source.Id, "h", "pending"), source, new JobInput("ftrack.update", new object(), $"ft-{i}"));
            jobs.Ended(JobOutcome.Finished, trace);
        }

        time.Advance(TimeSpan.FromSeconds(4));

        var rates = reader.Read().Single(r => r.Service == service);
        rates.ShouldSatisfyAllConditions(
            () => rates.EventsIn.ShouldBe(3),
            () => rates.EventsOut.ShouldBe(3),
            () => rates.Over.ShouldBe(TimeSpan.FromSeconds(10)),
            () => rates.OutPerSecond.ShouldBe(0.3, 1e-9),
            () => rates.QueueLagSeconds.ShouldBe(10),
            () => rates.ToString().ShouldBe($"{service}: 3 events in, 3 out (0.30/s over 10 s), queue lag 10.0 s"));
        jobs.QueueEmpty();
        reader.Read().Single(r => r.Service == service).QueueLagSeconds.ShouldBe(0);
    }
}
