using System.Diagnostics;
using System.Globalization;
using AyonFtrack.Benchmarks.Support;
using AyonFtrack.Sandbox.Ayon;

namespace AyonFtrack.Benchmarks.Scenarios;

/// <summary>
/// Issue #5: the real processor as a child process over N stored <c>ftrack.leech</c> events whose topic
/// (<c>bench.noop</c>) no slice handles, until every <c>ftrack.proc</c> job is finished. This is the processor's own
/// cost per event: enroll, read the source, dispatch to no slice, PATCH the job.
/// </summary>
public sealed class ProcessorNoopScenario : IScenario
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(6);

    public string Name => "processor-noop";

    public string Description => "the processor child process over N stored ftrack.leech events no slice handles, until every ftrack.proc job is finished; goal ≥ 500 events/s";

    public async Task<BenchResult> RunAsync(int? events, CancellationToken cancellationToken)
    {
        var count = events ?? 5_000;
        await using var world = await BenchWorld.StartAsync(cancellationToken);
        var seeding = Stopwatch.StartNew();
        for (var n = 0; n < count; n++)
        {
            var id = Guid.NewGuid().ToString("N");
            await world.Ayon.InsertEventAsync(new AyonEventInsert
            {
                Topic = "ftrack.leech",
                Hash = id,
                Sender = "ftrack-leecher",
                Description = "Leeched bench.noop by bench",
                Payload = AyonQueueScenario.LeechPayload(id, "bench.noop", n),
            }, cancellationToken);
        }

        Progress.Say($"stored {count} ftrack.leech events of topic bench.noop in {seeding.Elapsed.TotalSeconds:0.0} s");
        var requestsBefore = world.Ayon.TotalRequestCount;
        var harnessCpuBefore = Measure.OwnCpuTime();
        await using var processor = HostChild.Start(world.Environment("ftrack-processor"), "processor", "--Service:MaxRetryDelay", "00:00:01");
        await BenchWorld.WaitUntilAsync(
            async () =>
            {
                processor.ThrowIfExited("the run");
                var finished = await world.CountEventsAsync("ftrack.proc", "finished", cancellationToken);
                var failed = await world.CountEventsAsync("ftrack.proc", "failed", cancellationToken);
                if (failed > 0)
                {
                    throw new InvalidOperationException($"{failed} ftrack.proc jobs failed; processor: {processor.LastLine}");
                }

                return (finished >= count, $"{finished}/{count} ftrack.proc jobs finished; processor: {processor.LastLine}");
            },
            TimeSpan.FromMilliseconds(250), Deadline, $"{count} finished ftrack.proc jobs", cancellationToken);

        var requests = world.Ayon.TotalRequestCount - requestsBefore;
        var processorCpu = processor.CpuTime();
        var harnessCpu = Measure.OwnCpuTime() - harnessCpuBefore;
        var peak = processor.PeakWorkingSetMb();
        var lines = processor.LineCount;
        await processor.StopAsync(TimeSpan.FromSeconds(40));

        var jobs = await world.Ayon.GetEventsAsync("ftrack.proc", cancellationToken);
        var created = jobs.Select(j => AyonTime.Parse(j.CreatedAt)!.Value).ToList();
        var updated = jobs.Select(j => AyonTime.Parse(j.UpdatedAt)!.Value).ToList();
        var span = updated.Max() - created.Min();
        var perJob = jobs.Select((_, i) => (updated[i] - created[i]).TotalMilliseconds).ToList();
        var rate = Measure.Rate(count, span);
        return new BenchResult(Name, count, rate, Measure.Percentile(perJob, 50), Measure.Percentile(perJob, 99), null, Math.Round((double)requests / count, 2), peak)
        {
            Notes = new Dictionary<string, string>
            {
                ["seconds_first_enroll_to_last_patch"] = span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                ["latency_is"] = "per job: ftrack.proc createdAt (enroll) → updatedAt (PATCH finished)",
                ["ayon_requests_include"] = "the processor's start-up (settings, secrets, attributes) spread over N",
                ["processor_cpu_ms_per_event"] = Measure.CpuMsPerEvent(processorCpu, count),
                ["emulators_cpu_ms_per_event"] = Measure.CpuMsPerEvent(harnessCpu, count),
                ["cpu_is"] = "the processor's whole life (start-up included); the emulators' figure is the harness process",
                ["ayon_sqlite_synchronous"] = BenchWorld.SynchronousNote,
                ["processor_log_lines"] = lines.ToString(CultureInfo.InvariantCulture),
                ["peak_working_set_is"] = "the processor child process (VmHWM)",
                ["host_extra_args"] = string.Join(' ', HostChild.ExtraArgs),
                ["image_env"] = string.Join(' ', HostChild.ImageEnvironment().Select(v => $"{v.Key}={v.Value}")),
                ["goal"] = $"≥ 500 events/s: {(rate >= 500 ? "met" : "missed")}",
            },
        };
    }
}
