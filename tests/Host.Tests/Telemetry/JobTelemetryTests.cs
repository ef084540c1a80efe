using System.Diagnostics.Metrics;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Host.Telemetry;
using AyonFtrack.Host.Workers;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Host.Tests.Telemetry;

public sealed class JobTelemetryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    private static AyonEvent Source(string id, DateTimeOffset created) => new() { Id = id, Topic = "ftrack.leech", Status = "finished", CreatedAt = created };

    [Fact]
    public void QueueLag_JobInHandThenQueueEmpty_AgeOfItsSourceThenZero()
    {
        var time = new FakeTimeProvider(Start);
        var telemetry = new JobTelemetry(new ServiceName("processor"), time);
        time.Advance(TimeSpan.FromSeconds(40));

        using (telemetry.Start(new EnrollJob("job-1", "src-1", "h", "pending"), Source("src-1", Start), new JobInput("ftrack.update", new object(), "ft-1")))
        {
            telemetry.QueueLagSeconds.ShouldBe(40);
            time.Advance(TimeSpan.FromSeconds(2));
            telemetry.QueueLagSeconds.ShouldBe(42);
        }

        telemetry.QueueEmpty();
        telemetry.QueueLagSeconds.ShouldBe(0);
    }

    [Fact]
    public async Task Ended_JobWithRequests_RecordsJobsLatencyAndRequestsPerSystem()
    {
        var service = $"svc-{Guid.NewGuid():N}";
        var seen = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Features.Common.Telemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var all = tags.ToArray();
            if (all.Any(t => t.Key == "service" && (string?)t.Value == service))
            {
                lock (seen)
                {
                    seen.Add($"{instrument.Name} {string.Join(",", all.Where(t => t.Key != "service").Select(t => $"{t.Key}={t.Value}"))} {value}");
                }
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        var time = new FakeTimeProvider(Start);
        var telemetry = new JobTelemetry(new ServiceName(service), time);
        time.Advance(TimeSpan.FromSeconds(3));

        using (var trace = telemetry.Start(new EnrollJob("job-2", "src-2", "h", "pending"), Source("src-2", Start), new JobInput("ftrack.update", new object(), "ft-2")))
        {
            JobTrace.Active.ShouldBeSameAs(trace);
            await RequestCountingHandlerProbe.CountAsync("ayon");
            await RequestCountingHandlerProbe.CountAsync("ftrack");
            await RequestCountingHandlerProbe.CountAsync("ftrack");
            time.Advance(TimeSpan.FromSeconds(1.5));
            telemetry.Ended(JobOutcome.Finished, trace);
        }

        JobTrace.Active.ShouldBeNull();
        seen.ShouldBe(new[]
        {
            "ayon_ftrack.events.in topic=ftrack.update 1",
            "ayon_ftrack.jobs outcome=finished 1",
            "ayon_ftrack.events.out topic=ftrack.update,outcome=finished 1",
            "ayon_ftrack.job.latency outcome=finished 4.5",
            "ayon_ftrack.job.requests system=ayon 1",
            "ayon_ftrack.job.requests system=ftrack 2",
        });
    }

    /// <summary>Sends through the real counting handler, as the wire clients do.</summary>
    private static class RequestCountingHandlerProbe
    {
        public static async Task CountAsync(string system)
        {
            using var handler = new RequestCountingHandler("probe", system) { InnerHandler = new Answer() };
            using var invoker = new HttpMessageInvoker(handler);
            using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/");
            using var response = await invoker.SendAsync(request, CancellationToken.None);
        }

        private sealed class Answer : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
