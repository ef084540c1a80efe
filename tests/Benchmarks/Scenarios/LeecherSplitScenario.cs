using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Benchmarks.Support;
using AyonFtrack.Sandbox.Ayon;

namespace AyonFtrack.Benchmarks.Scenarios;

/// <summary>
/// Profiling companion of <see cref="LeecherScenario"/>: splits the leecher's work in its two halves. While AYON answers
/// 503 to <c>POST /api/events</c>, N hub events go only into the spool (receive + route + spool append); then AYON is
/// healed and the spool drains (peek + dispatch + remove). CPU per event of each half, and the drain rate alone.
/// </summary>
public sealed class LeecherSplitScenario : IScenario
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    public string Name => "leecher-split";

    public string Description => "profiling: the leecher's hub→spool half (AYON down) and spool→AYON half (drain) measured apart";

    public async Task<BenchResult> RunAsync(int? events, CancellationToken cancellationToken)
    {
        var count = events ?? 20_000;
        await using var world = await BenchWorld.StartAsync(cancellationToken);
        await using var leecher = HostChild.Start(world.Environment("ftrack-leecher"), "leecher", "--Service:MaxRetryDelay", "00:00:01");
        await BenchWorld.WaitUntilAsync(
            () =>
            {
                leecher.ThrowIfExited("start-up");
                var ready = world.Hub.Subscriptions.Any(s => s.Subscription == "topic=*")
                    && leecher.Lines.Any(l => l.Contains("leecher-started marker stored", StringComparison.Ordinal));
                return Task.FromResult((ready, "subscription and marker"));
            },
            TimeSpan.FromMilliseconds(100), Deadline, "the leecher's subscription and start marker", cancellationToken);

        var baseline = await world.CountEventsAsync("ftrack.leech", null, cancellationToken);
        var outage = world.Ayon.InjectFault(new AyonFault { Method = "POST", PathPrefix = "/api/events", StatusCode = 503 });
        var cpuBefore = leecher.CpuTime();
        var hashes = new HashSet<string>(count);
        for (var n = 0; n < count; n++)
        {
            hashes.Add(world.Hub.PublishAsWebClient("ftrack.update", new JsonObject { ["entities"] = new JsonArray(new JsonObject { ["entityType"] = "task", ["entityId"] = $"task-{n}", ["action"] = "update" }) }));
        }

        var spooledLine = $"; {count} wait in the spool";
        await BenchWorld.WaitUntilAsync(
            () =>
            {
                leecher.ThrowIfExited("spooling");
                return Task.FromResult((leecher.Lines.Any(l => l.Contains(spooledLine, StringComparison.Ordinal)), leecher.LastLine));
            },
            TimeSpan.FromMilliseconds(100), Deadline, $"all {count} events in the leecher's spool", cancellationToken);
        var spoolCpu = leecher.CpuTime() - cpuBefore;
        var spoolPeak = leecher.PeakWorkingSetMb();

        var drainCpuBefore = leecher.CpuTime();
        var emulatorCpuBefore = Measure.OwnCpuTime();
        var requestsBefore = world.Ayon.TotalRequestCount;
        world.Ayon.RemoveFault(outage);
        await BenchWorld.WaitUntilAsync(
            async () =>
            {
                leecher.ThrowIfExited("draining");
                var stored = await world.CountEventsAsync("ftrack.leech", null, cancellationToken);
                return (stored >= baseline + count, $"{stored - baseline}/{count} drained");
            },
            TimeSpan.FromMilliseconds(250), Deadline, $"{count} drained events", cancellationToken);
        var drainCpu = leecher.CpuTime() - drainCpuBefore;
        var emulatorCpu = Measure.OwnCpuTime() - emulatorCpuBefore;
        var requests = world.Ayon.TotalRequestCount - requestsBefore;
        var peak = leecher.PeakWorkingSetMb();
        await leecher.StopAsync(TimeSpan.FromSeconds(40));

        var created = (await world.Ayon.GetEventsAsync("ftrack.leech", cancellationToken))
            .Where(r => hashes.Contains(r.Hash)).Select(r => AyonTime.Parse(r.CreatedAt)!.Value).ToList();
        var drainRate = Measure.Rate(count, created.Max() - created.Min());
        return new BenchResult(Name, count, drainRate, null, null, null, Math.Round((double)requests / count, 2), peak)
        {
            Notes = new Dictionary<string, string>
            {
                ["events_per_second_is"] = "the drain alone: first to last AYON createdAt of the spooled events",
                ["spool_half_leecher_cpu_ms_per_event"] = Measure.CpuMsPerEvent(spoolCpu, count),
                ["drain_half_leecher_cpu_ms_per_event"] = Measure.CpuMsPerEvent(drainCpu, count),
                ["drain_half_emulator_cpu_ms_per_event"] = Measure.CpuMsPerEvent(emulatorCpu, count),
                ["peak_working_set_after_spooling_mb"] = spoolPeak.ToString(CultureInfo.InvariantCulture),
                ["ayon_sqlite_synchronous"] = BenchWorld.SynchronousNote,
                ["host_extra_args"] = string.Join(' ', HostChild.ExtraArgs),
            },
        };
    }
}
