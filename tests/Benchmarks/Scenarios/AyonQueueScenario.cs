using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Benchmarks.Support;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Host.Workers;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Benchmarks.Scenarios;

/// <summary>
/// Issue #2, the AYON side of the queue: N <c>ftrack.leech</c> dispatches through the real <see cref="IAyonApi"/>, then one
/// worker loop running the processor's enroll request (<see cref="Features.Processor.ProcessorModule.Enroll"/>) → GET source → PATCH finished,
/// as <see cref="JobRunner"/> does for a job no slice handles.
/// </summary>
public sealed class AyonQueueScenario : IScenario
{
    public string Name => "ayon-queue";

    public string Description => "dispatch N ftrack.leech events, then enroll → get → patch each through one worker loop (AYON emulator, SQLite file)";

    public async Task<BenchResult> RunAsync(int? events, CancellationToken cancellationToken)
    {
        var count = events ?? 5_000;
        await using var world = await BenchWorld.StartAsync(cancellationToken);
        await using var services = Clients.Ayon(world.Ayon, "bench-processor", senderType: "ftrack");
        var ayon = services.GetRequiredService<IAyonApi>();

        // Warm the client (JIT, connection pool) so the figures are about the queue, not the first request.
        await ayon.GetInfoAsync(cancellationToken);
        var before = world.Ayon.TotalRequestCount;
        var cpuBefore = Measure.OwnCpuTime();
        var dispatchClock = Stopwatch.StartNew();
        for (var n = 0; n < count; n++)
        {
            var id = Guid.NewGuid().ToString("N");
            await ayon.DispatchEventAsync(new DispatchEventRequest
            {
                Topic = "ftrack.leech",
                Sender = "bench-leecher",
                Hash = id,
                Description = "Leeched ftrack.update by bench",
                Payload = LeechPayload(id, "ftrack.update", n),
                Finished = true,
                Store = true,
            }, cancellationToken);
            if ((n + 1) % 1_000 == 0)
            {
                Progress.Say($"dispatched {n + 1}/{count}");
            }
        }

        dispatchClock.Stop();
        var dispatchRequests = world.Ayon.TotalRequestCount - before;
        var dispatchCpu = Measure.OwnCpuTime() - cpuBefore;

        var loopOptions = new JobLoopOptions();
        var request = Features.Processor.ProcessorModule.Enroll.Request("bench-processor", loopOptions.MaxRetries, loopOptions.IgnoreOlderThanDays);
        var perJob = new List<double>(count);
        var enrollMs = new List<double>(count);
        var getMs = new List<double>(count);
        var patchMs = new List<double>(count);
        var cycleStart = world.Ayon.TotalRequestCount;
        var cycleClock = Stopwatch.StartNew();
        var idle = 0;
        while (perJob.Count < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            var job = await ayon.EnrollAsync(request, cancellationToken);
            if (job is null)
            {
                // 204 with work left means the emulator lost track of it; give it a bounded number of tries.
                if (++idle > 50)
                {
                    throw new InvalidOperationException($"Enroll answered 'nothing to do' with {count - perJob.Count} jobs left.");
                }

                continue;
            }

            var enrolled = Stopwatch.GetTimestamp();
            var source = await ayon.FindEventAsync(job.DependsOn, cancellationToken)
                ?? throw new InvalidOperationException($"Source event {job.DependsOn} of job {job.Id} is missing.");
            var read = Stopwatch.GetTimestamp();
            await ayon.UpdateEventAsync(job.Id, new UpdateEventRequest
            {
                Status = AyonEventStatus.Finished,
                Description = $"Processed {source.Description}",
            }, cancellationToken);
            perJob.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            enrollMs.Add(Stopwatch.GetElapsedTime(started, enrolled).TotalMilliseconds);
            getMs.Add(Stopwatch.GetElapsedTime(enrolled, read).TotalMilliseconds);
            patchMs.Add(Stopwatch.GetElapsedTime(read).TotalMilliseconds);
            if (perJob.Count % 1_000 == 0)
            {
                Progress.Say($"enroll→get→patch {perJob.Count}/{count}");
            }
        }

        cycleClock.Stop();
        var cycleRequests = world.Ayon.TotalRequestCount - cycleStart;
        var cycleCpu = Measure.OwnCpuTime() - cpuBefore - dispatchCpu;
        var finished = await world.CountEventsAsync("ftrack.proc", AyonEventStatus.Finished, cancellationToken);
        if (finished != count)
        {
            throw new InvalidOperationException($"AYON holds {finished} finished ftrack.proc jobs, expected {count}.");
        }

        return new BenchResult(
            Name,
            count,
            Measure.Rate(count, cycleClock.Elapsed),
            Measure.Percentile(perJob, 50),
            Measure.Percentile(perJob, 99),
            null,
            Math.Round((double)(dispatchRequests + cycleRequests) / count, 2),
            Measure.PeakWorkingSetMb(Process.GetCurrentProcess()))
        {
            Notes = new Dictionary<string, string>
            {
                ["dispatch_events_per_second"] = Measure.Rate(count, dispatchClock.Elapsed).ToString(CultureInfo.InvariantCulture),
                ["dispatch_seconds"] = dispatchClock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                ["cycle_seconds"] = cycleClock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                ["ayon_requests_per_dispatch"] = ((double)dispatchRequests / count).ToString("0.##", CultureInfo.InvariantCulture),
                ["ayon_requests_per_job"] = ((double)cycleRequests / count).ToString("0.##", CultureInfo.InvariantCulture),
                ["enroll_p50_ms"] = Text(Measure.Percentile(enrollMs, 50)),
                ["get_p50_ms"] = Text(Measure.Percentile(getMs, 50)),
                ["patch_p50_ms"] = Text(Measure.Percentile(patchMs, 50)),
                ["enroll_p50_ms_first_tenth"] = Text(Measure.Percentile(enrollMs[..Math.Max(1, count / 10)], 50)),
                ["enroll_p50_ms_last_tenth"] = Text(Measure.Percentile(enrollMs[^Math.Max(1, count / 10)..], 50)),
                ["dispatch_cpu_ms_per_event"] = Measure.CpuMsPerEvent(dispatchCpu, count),
                ["cycle_cpu_ms_per_job"] = Measure.CpuMsPerEvent(cycleCpu, count),
                ["cpu_is"] = "the harness process: client and AYON emulator together",
                ["ayon_sqlite_synchronous"] = BenchWorld.SynchronousNote,
                ["events_per_second_is"] = "the enroll→get→patch cycle, one worker, sequential enroll",
                ["peak_working_set_is"] = "the harness process (client and both emulators in one process)",
            },
        };
    }

    private static string Text(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "n/a";

    /// <summary>An ftrack event stored the way the leecher stores it (hub shape with <c>in_reply_to_event</c>).</summary>
    public static JsonObject LeechPayload(string id, string topic, int n) => new()
    {
        ["id"] = id,
        ["topic"] = topic,
        ["data"] = new JsonObject
        {
            ["entities"] = new JsonArray(new JsonObject
            {
                ["entityType"] = "task",
                ["entityId"] = $"task-{n}",
                ["action"] = "update",
                ["keys"] = new JsonArray("name"),
                ["changes"] = new JsonObject { ["name"] = new JsonObject { ["old"] = $"a{n}", ["new"] = $"b{n}" } },
            }),
        },
        ["source"] = new JsonObject
        {
            ["id"] = "bench-web-client",
            ["applicationId"] = "ftrack.client.web",
            ["user"] = new JsonObject { ["username"] = "jane", ["id"] = "2a8ae090-cbd3-11e8-a87a-0a580aa00121" },
        },
        ["target"] = "",
        ["sent"] = null,
        ["in_reply_to_event"] = null,
    };
}
