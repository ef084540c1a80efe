using System.Diagnostics;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Integration.Tests.Processor;
using AyonFtrack.Integration.Tests.Support;

namespace AyonFtrack.Integration.Tests.Telemetry;

/// <summary>
/// Issue 21: what the OpenTelemetry pipeline exports for one processed job, read with the in-memory exporter from the
/// real processor composition over the AYON emulator.
/// </summary>
[Collection(TelemetryTestGroup.Name)]
public sealed class ProcessorTelemetryTests
{
    [Fact]
    public async Task Processor_JobOfTwoSlices_ExportsOneTraceWithASpanPerSliceAndTheDocumentedMetrics()
    {
        var started = Stopwatch.StartNew();
        var telemetry = new InMemoryTelemetry();
        await using var world = await ServiceWorld.StartAsync();
        await using var processor = await InProcessProcessor.StartAsync(world, [new TelemetrySlicesModule()], telemetry.AttachTo, InMemoryTelemetry.Args);
        var source = await ProcessorHarness.StoreAsync(world, TelemetrySlicesModule.Topic, ftrackId: "ft-otel-1");
        await ProcessorHarness.WaitForJobsAsync(world, [source], j => j.Status == "finished");
        var job = (await ProcessorHarness.JobsAsync(world)).Single(j => j.DependsOn == source);

        // The job's span ends right after its PATCH; then the loop finds the queue empty.
        await ServiceWorld.WaitUntilAsync(() => Task.FromResult(telemetry.Spans.Snapshot().Any(s => s.DisplayName == "job otel.test")), ProcessorHarness.Deadline, "the job's span");
        await ServiceWorld.WaitUntilAsync(
            () =>
            {
                InMemoryTelemetry.Flush(processor.Services);
                return Task.FromResult(telemetry.Points("ayon_ftrack.queue.lag", ("service", "processor")) is [var lag] && lag.GetGaugeLastValueDouble() == 0);
            },
            ProcessorHarness.Deadline,
            "the queue lag back at 0");

        var spans = telemetry.Spans.Snapshot();
        var root = spans.Single(s => s.DisplayName == "job otel.test");
        var trace = spans.Where(s => s.TraceId == root.TraceId).ToList();
        var slices = trace.Where(s => s.Source.Name == Features.Common.Telemetry.Name && s.ParentSpanId == root.SpanId).ToList();
        root.ShouldSatisfyAllConditions(
            () => root.ParentSpanId.ShouldBe(default),
            () => root.GetTagItem(EventTelemetry.AyonEventIdTag).ShouldBe(source),
            () => root.GetTagItem(EventTelemetry.FtrackEventIdTag).ShouldBe("ft-otel-1"),
            () => root.GetTagItem("ayon.job.id").ShouldBe(job.Id),
            () => root.GetTagItem("outcome").ShouldBe("finished"),
            () => slices.Select(s => s.DisplayName).Order().ShouldBe(new[] { "Telemetry.DoesNothing", "Telemetry.ReadsAyonOnce" }),
            () => slices.ShouldAllBe(s => (string?)s.GetTagItem(EventTelemetry.FtrackEventIdTag) == "ft-otel-1" && (string?)s.GetTagItem(EventTelemetry.AyonEventIdTag) == source),
            () => trace.Count(s => s.ParentSpanId == slices.Single(x => x.DisplayName == "Telemetry.ReadsAyonOnce").SpanId && s.Kind == ActivityKind.Client).ShouldBe(1),
            () => trace.Count(s => s.ParentSpanId == slices.Single(x => x.DisplayName == "Telemetry.DoesNothing").SpanId).ShouldBe(0),
            () => trace.Count(s => s.ParentSpanId == root.SpanId && s.Kind == ActivityKind.Client).ShouldBe(1, "the job's own PATCH"));

        var latency = telemetry.Points("ayon_ftrack.job.latency", ("service", "processor"), ("outcome", "finished")).ShouldHaveSingleItem();
        var ayonRequests = telemetry.Points("ayon_ftrack.job.requests", ("service", "processor"), ("system", "ayon")).ShouldHaveSingleItem();
        var ftrackRequests = telemetry.Points("ayon_ftrack.job.requests", ("service", "processor"), ("system", "ftrack")).ShouldHaveSingleItem();
        telemetry.ShouldSatisfyAllConditions(
            () => Sum("ayon_ftrack.events.in", ("service", "processor"), ("topic", "otel.test")).ShouldBe(1),
            () => Sum("ayon_ftrack.events.out", ("service", "processor"), ("topic", "otel.test"), ("outcome", "finished")).ShouldBe(1),
            () => Sum("ayon_ftrack.jobs", ("service", "processor"), ("outcome", "finished")).ShouldBe(1),
            () => Sum("ayon_ftrack.jobs", ("service", "processor"), ("outcome", "failed")).ShouldBe(0),
            () => Sum("ayon_ftrack.slice.runs", ("slice", "Telemetry.ReadsAyonOnce"), ("outcome", "succeeded")).ShouldBe(1),
            () => Sum("ayon_ftrack.slice.runs", ("slice", "Telemetry.DoesNothing"), ("outcome", "succeeded")).ShouldBe(1),
            () => latency.GetHistogramCount().ShouldBe(1),
            () => latency.GetHistogramSum().ShouldBeInRange(0, started.Elapsed.TotalSeconds),
            () => (ayonRequests.GetHistogramCount(), ayonRequests.GetHistogramSum()).ShouldBe((1L, 2d), "GET /api/info of the slice and the job's PATCH"),
            () => (ftrackRequests.GetHistogramCount(), ftrackRequests.GetHistogramSum()).ShouldBe((1L, 0d)),
            () => Sum("ayon_ftrack.requests", ("service", "processor"), ("system", "ayon")).ShouldBeGreaterThanOrEqualTo(3));

        long Sum(string name, params (string, string)[] tags) => telemetry.Points(name, tags).Sum(p => p.GetSumLong());
    }
}
