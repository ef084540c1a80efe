using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Benchmarks.Support;
using AyonFtrack.Sandbox.Ayon;

namespace AyonFtrack.Benchmarks.Scenarios;

/// <summary>
/// Issue #4: the real leecher as a child process (ASH's variables, settings and secrets in AYON) between the two
/// emulators. N events are published on the hub by the fake web client in one burst until every one is stored in AYON
/// as <c>ftrack.leech</c>; then a short paced phase gives the latency of an unloaded leecher. Figures: sustained
/// hub→AYON events/s, publish→AYON <c>createdAt</c> latency, AYON requests per event, the child's peak working set.
/// </summary>
public sealed class LeecherScenario : IScenario
{
    private const string Marker = "ayon.ftrack.leecher.started.ynternal";
    private const int PacedEvents = 300;
    private static readonly TimeSpan PacedGap = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    public string Name => "leecher";

    public string Description => "the leecher child process: N hub events (burst) until all are stored in AYON as ftrack.leech; goals ≥ 2,000 events/s, ≤ 150 MB";

    public async Task<BenchResult> RunAsync(int? events, CancellationToken cancellationToken)
    {
        var count = events ?? 20_000;
        await using var world = await BenchWorld.StartAsync(cancellationToken);
        await using var leecher = HostChild.Start(world.Environment("ftrack-leecher"), "leecher", "--Service:MaxRetryDelay", "00:00:01");

        await BenchWorld.WaitUntilAsync(
            () =>
            {
                leecher.ThrowIfExited("start-up");
                var subscribed = world.Hub.Subscriptions.Any(s => s.Subscription == "topic=*");
                var marked = leecher.Lines.Any(l => l.Contains("leecher-started marker stored", StringComparison.Ordinal));
                return Task.FromResult((subscribed && marked, $"subscribed {subscribed}, marker stored {marked}"));
            },
            TimeSpan.FromMilliseconds(100), Deadline, "the leecher's topic=* subscription and its start marker", cancellationToken);

        var baseline = await world.CountEventsAsync("ftrack.leech", null, cancellationToken);
        var idlePeak = leecher.PeakWorkingSetMb();
        var requestsBefore = world.Ayon.TotalRequestCount;
        var leecherCpuBefore = leecher.CpuTime();
        var harnessCpuBefore = Measure.OwnCpuTime();
        var published = new Dictionary<string, DateTimeOffset>(count + PacedEvents);
        var clock = TimeProvider.System;
        var burstStart = clock.GetUtcNow();
        for (var n = 0; n < count; n++)
        {
            var at = clock.GetUtcNow();
            published[world.Hub.PublishAsWebClient("ftrack.update", TaskUpdate(n))] = at;
        }

        Progress.Say($"published {count} events in {(clock.GetUtcNow() - burstStart).TotalSeconds:0.00} s; waiting for AYON");
        await WaitForStoredAsync(world, leecher, baseline + count, cancellationToken);
        var burstRequests = world.Ayon.TotalRequestCount - requestsBefore;
        var leecherCpu = leecher.CpuTime() - leecherCpuBefore;
        var harnessCpu = Measure.OwnCpuTime() - harnessCpuBefore;
        var burstRows = (await world.Ayon.GetEventsAsync("ftrack.leech", cancellationToken))
            .Where(r => published.ContainsKey(r.Hash)).ToList();
        var burstLatencies = Latencies(burstRows, published);
        var lastStored = burstRows.Max(r => AyonTime.Parse(r.CreatedAt)!.Value);
        var sustained = Measure.Rate(count, lastStored - burstStart);

        // Paced: one event every 10 ms, well under the leecher's rate, so the latency is the leecher's own.
        var paced = new Dictionary<string, DateTimeOffset>(PacedEvents);
        for (var n = 0; n < PacedEvents; n++)
        {
            var at = clock.GetUtcNow();
            paced[world.Hub.PublishAsWebClient("ftrack.update", TaskUpdate(count + n))] = at;
            await Task.Delay(PacedGap, cancellationToken);
        }

        await WaitForStoredAsync(world, leecher, baseline + count + PacedEvents, cancellationToken);
        var pacedRows = (await world.Ayon.GetEventsAsync("ftrack.leech", cancellationToken)).Where(r => paced.ContainsKey(r.Hash)).ToList();
        var pacedLatencies = Latencies(pacedRows, paced);
        var peak = leecher.PeakWorkingSetMb();
        var lines = leecher.LineCount;
        var strays = (await world.Ayon.GetEventsAsync("ftrack.leech", cancellationToken))
            .Count(r => !published.ContainsKey(r.Hash) && !paced.ContainsKey(r.Hash) && r.Payload["topic"]?.GetValue<string>() != Marker);
        await leecher.StopAsync(TimeSpan.FromSeconds(40));
        if (strays > 0)
        {
            throw new InvalidOperationException($"AYON holds {strays} ftrack.leech events that were never published.");
        }

        return new BenchResult(
            Name,
            count,
            sustained,
            Measure.Percentile(burstLatencies, 50),
            Measure.Percentile(burstLatencies, 99),
            null,
            Math.Round((double)burstRequests / count, 2),
            peak)
        {
            Notes = new Dictionary<string, string>
            {
                ["burst_seconds_to_last_stored"] = (lastStored - burstStart).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                ["latency_is"] = "publish → AYON createdAt while all N are published in one burst (queueing in the leecher included)",
                ["paced_events"] = PacedEvents.ToString(CultureInfo.InvariantCulture),
                ["paced_p50_ms"] = Measure.Percentile(pacedLatencies, 50)?.ToString(CultureInfo.InvariantCulture) ?? "n/a",
                ["paced_p99_ms"] = Measure.Percentile(pacedLatencies, 99)?.ToString(CultureInfo.InvariantCulture) ?? "n/a",
                ["leecher_cpu_ms_per_event"] = Measure.CpuMsPerEvent(leecherCpu, count),
                ["emulators_cpu_ms_per_event"] = Measure.CpuMsPerEvent(harnessCpu, count),
                ["cpu_is"] = "burst phase; the emulators' figure is the harness process (hub + AYON emulator + the SQLite count polls)",
                ["ayon_sqlite_synchronous"] = BenchWorld.SynchronousNote,
                ["leecher_log_lines"] = lines.ToString(CultureInfo.InvariantCulture),
                ["peak_working_set_is"] = "the leecher child process (VmHWM)",
                ["peak_working_set_before_burst_mb"] = idlePeak.ToString(CultureInfo.InvariantCulture),
                ["host_extra_args"] = string.Join(' ', HostChild.ExtraArgs),
                ["image_env"] = string.Join(' ', HostChild.ImageEnvironment().Select(v => $"{v.Key}={v.Value}")),
                ["goal"] = $"≥ 2000 events/s: {(sustained >= 2000 ? "met" : "missed")}; ≤ 150 MB: {(peak <= 150 ? "met" : "missed")}",
            },
        };
    }

    private static async Task WaitForStoredAsync(BenchWorld world, HostChild leecher, long target, CancellationToken cancellationToken) =>
        await BenchWorld.WaitUntilAsync(
            async () =>
            {
                leecher.ThrowIfExited("the run");
                var stored = await world.CountEventsAsync("ftrack.leech", null, cancellationToken);
                return (stored >= target, $"{stored}/{target} ftrack.leech events in AYON; leecher: {leecher.LastLine}");
            },
            TimeSpan.FromMilliseconds(250), Deadline, $"{target} ftrack.leech events", cancellationToken);

    private static List<double> Latencies(List<AyonEventRow> rows, Dictionary<string, DateTimeOffset> published) =>
        [.. rows.Select(r => (AyonTime.Parse(r.CreatedAt)!.Value - published[r.Hash]).TotalMilliseconds)];

    private static JsonObject TaskUpdate(int n) => new()
    {
        ["entities"] = new JsonArray(new JsonObject
        {
            ["entityType"] = "task",
            ["entityId"] = $"task-{n}",
            ["action"] = "update",
            ["keys"] = new JsonArray("name"),
            ["changes"] = new JsonObject { ["name"] = new JsonObject { ["old"] = $"a{n}", ["new"] = $"b{n}" } },
        }),
    };
}
