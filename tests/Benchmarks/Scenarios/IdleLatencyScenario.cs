using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Benchmarks.Support;
using AyonFtrack.Sandbox.Ayon;

namespace AyonFtrack.Benchmarks.Scenarios;

/// <summary>
/// Issue #16: the first ftrack change after a quiet spell. The real leecher and processor run as child processes with
/// their default idle delay (1 s); after 10 s (plus a seeded 0–1 s offset) in which nothing happens, one <c>ftrack.update</c> is published on the hub
/// as ftrack's web client would, and the time to its AYON write (the processor's job PATCHed finished) is taken, split
/// into hub → <c>ftrack.leech</c> stored and stored → <c>ftrack.proc</c> enrolled. Repeated N times (default 5) with
/// the event websocket (the default), after one warm-up change that is reported but not counted, then 3 times with <c>Ayon:EventSocket=false</c> (idle polling only) as the
/// baseline. The idle request rate is AYON requests per second during the quiet spells. Goal: p50 ≤ 200 ms without a
/// higher idle request rate than polling.
/// </summary>
public sealed class IdleLatencyScenario : IScenario
{
    private const string Marker = "ayon.ftrack.leecher.started.ynternal";
    private const int BaselineRepetitions = 3;
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    public string Name => "idle-latency";

    public string Description => "leecher + processor children: one ftrack change after 10 s of quiet → its AYON write, N times with the event websocket and 3 times polling only; goal p50 ≤ 200 ms at no higher idle request rate";

    public async Task<BenchResult> RunAsync(int? events, CancellationToken cancellationToken)
    {
        var repetitions = Math.Max(1, events ?? 5);
        var socket = await RunModeAsync(repetitions, eventSocket: true, cancellationToken);
        var polling = await RunModeAsync(BaselineRepetitions, eventSocket: false, cancellationToken);
        var p50 = Measure.Percentile(socket.Latencies, 50);
        return new BenchResult(Name, repetitions, null, p50, Measure.Percentile(socket.Latencies, 99), null, Math.Round(socket.RequestsPerChange, 2), socket.PeakMb)
        {
            Notes = new Dictionary<string, string>
            {
                ["latency_is"] = "hub publish → the processor's ftrack.proc job PATCHed finished in AYON (the event's AYON write), after 10 s of quiet",
                ["latencies_ms"] = Join(socket.Latencies),
                ["hub_to_stored_p50_ms"] = Format(Measure.Percentile(socket.Stored, 50)),
                ["stored_to_enrolled_p50_ms"] = Format(Measure.Percentile(socket.Enrolled, 50)),
                ["idle_ayon_requests_per_second"] = socket.IdleRate.ToString("0.00", CultureInfo.InvariantCulture),
                ["idle_requests_by_route"] = socket.IdleRoutes,
                ["idle_requests_per_second_by_window"] = Join(socket.WindowRates, "0.00"),
                ["warmup_change_ms"] = Format(socket.WarmupMs),
                ["polling_only_warmup_change_ms"] = Format(polling.WarmupMs),
                ["polling_only_idle_requests_per_second_by_window"] = Join(polling.WindowRates, "0.00"),
                ["polling_only_p50_ms"] = Format(Measure.Percentile(polling.Latencies, 50)),
                ["polling_only_latencies_ms"] = Join(polling.Latencies),
                ["polling_only_stored_to_enrolled_p50_ms"] = Format(Measure.Percentile(polling.Enrolled, 50)),
                ["polling_only_idle_ayon_requests_per_second"] = polling.IdleRate.ToString("0.00", CultureInfo.InvariantCulture),
                ["ayon_requests_per_event_is"] = "AYON requests from publish to the job's PATCH (leecher store, enroll, source read, slices, PATCH)",
                ["peak_working_set_is"] = "the processor child process (VmHWM)",
                ["machine_load"] = SyncBenchWorld.LoadAverage(),
                ["goal"] = $"p50 ≤ 200 ms: {(p50 <= 200 ? "met" : "missed")}; idle rate {(socket.IdleRate <= polling.IdleRate + 0.05 ? "not above" : "above")} polling's",
            },
        };
    }

    private static async Task<ModeResult> RunModeAsync(int repetitions, bool eventSocket, CancellationToken cancellationToken)
    {
        await using var world = await BenchWorld.StartAsync(cancellationToken);
        string[] args = ["--Service:MaxRetryDelay", "00:00:01", "--Ayon:EventSocket", eventSocket ? "true" : "false"];
        await using var leecher = HostChild.Start(world.Environment("ftrack-leecher"), ["leecher", .. args]);
        await using var processor = HostChild.Start(world.Environment("ftrack-processor"), ["processor", .. args]);
        await BenchWorld.WaitUntilAsync(
            async () =>
            {
                leecher.ThrowIfExited("start-up");
                processor.ThrowIfExited("start-up");
                var subscribed = world.Hub.Subscriptions.Any(s => s.Subscription == "topic=*");
                var markers = (await world.Ayon.GetEventsAsync("ftrack.leech", cancellationToken)).Where(e => e.Payload["topic"]?.GetValue<string>() == Marker).Select(e => e.Id).ToHashSet();
                var done = (await world.Ayon.GetEventsAsync("ftrack.proc", cancellationToken)).Any(j => j.DependsOn is { } d && markers.Contains(d) && j.Status == "finished");
                return (subscribed && done, $"subscribed {subscribed}, leecher-started marker processed {done}");
            },
            TimeSpan.FromMilliseconds(200), Deadline, "the leecher's subscription and the processor's first job", cancellationToken);

        // One change right after start-up warms the services (JIT, first queries); it is reported, not counted.
        var warmup = await ChangeAsync(world, processor, "warmup", eventSocket, cancellationToken);
        Progress.Say($"{(eventSocket ? "websocket" : "polling only")} warm-up change: {warmup.Latency:0.0} ms");
        var latencies = new List<double>();
        var stored = new List<double>();
        var enrolled = new List<double>();
        long idleRequests = 0;
        var idleSeconds = 0.0;
        long changeRequests = 0;
        var routes = new Dictionary<string, long>(StringComparer.Ordinal);
        var windowRates = new List<double>();
        var jitter = new Random(16);
        var clock = TimeProvider.System;
        for (var n = 0; n < repetitions; n++)
        {
            var before = world.Ayon.RequestCounts.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            // 10 s plus a seeded 0–1 s offset, so the change does not land in the same phase of the poll every time.
            var quietFrom = clock.GetTimestamp();
            await Task.Delay(Quiet + TimeSpan.FromMilliseconds(jitter.Next(0, 1000)), cancellationToken);
            idleSeconds += clock.GetElapsedTime(quietFrom).TotalSeconds;
            foreach (var (route, count) in world.Ayon.RequestCounts)
            {
                var delta = count - before.GetValueOrDefault(route);
                if (delta > 0)
                {
                    idleRequests += delta;
                    routes[route] = routes.GetValueOrDefault(route) + delta;
                }
            }

            windowRates.Add((world.Ayon.RequestCounts.Sum(p => p.Value) - before.Sum(p => p.Value)) / clock.GetElapsedTime(quietFrom).TotalSeconds);
            var requestsBefore = world.Ayon.TotalRequestCount;
            var change = await ChangeAsync(world, processor, n.ToString(CultureInfo.InvariantCulture), eventSocket, cancellationToken);
            changeRequests += world.Ayon.TotalRequestCount - requestsBefore;
            latencies.Add(change.Latency);
            stored.Add(change.Stored);
            enrolled.Add(change.Enrolled);
            Progress.Say($"{(eventSocket ? "websocket" : "polling only")} change {n + 1}/{repetitions}: {latencies[^1]:0.0} ms (stored {stored[^1]:0.0} ms, enrolled {enrolled[^1]:0.0} ms after), job {change.Status}");
        }

        var peak = processor.PeakWorkingSetMb();
        await processor.StopAsync(TimeSpan.FromSeconds(40));
        await leecher.StopAsync(TimeSpan.FromSeconds(40));
        var routeText = string.Join(", ", routes.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value / idleSeconds:0.00}/s"));
        return new ModeResult(latencies, stored, enrolled, idleRequests / idleSeconds, routeText, (double)changeRequests / repetitions, peak, warmup.Latency, windowRates);
    }

    /// <summary>Publishes one task change on the hub and waits for its <c>ftrack.proc</c> job to end; times from AYON's own timestamps.</summary>
    private static async Task<(double Latency, double Stored, double Enrolled, string Status)> ChangeAsync(
        BenchWorld world, HostChild processor, string tag, bool eventSocket, CancellationToken cancellationToken)
    {
        var at = TimeProvider.System.GetUtcNow();
        var hash = world.Hub.PublishAsWebClient("ftrack.update", TaskUpdate(tag, eventSocket));
        AyonEventRow? source = null;
        AyonEventRow? job = null;
        await BenchWorld.WaitUntilAsync(
            async () =>
            {
                processor.ThrowIfExited("the run");
                source ??= (await world.Ayon.GetEventsAsync("ftrack.leech", cancellationToken)).FirstOrDefault(e => e.Hash == hash);
                job = source is null ? null : (await world.Ayon.GetEventsAsync("ftrack.proc", cancellationToken)).FirstOrDefault(j => j.DependsOn == source.Id && j.Status is "finished" or "failed");
                return (job is not null, source is null ? "not stored yet" : "stored, job not finished");
            },
            TimeSpan.FromMilliseconds(5), Deadline, $"change {tag}'s ftrack.proc job", cancellationToken);
        var storedAt = AyonTime.Parse(source!.CreatedAt)!.Value;
        var enrolledAt = AyonTime.Parse(job!.CreatedAt)!.Value;
        var writtenAt = AyonTime.Parse(job.UpdatedAt)!.Value;
        return ((writtenAt - at).TotalMilliseconds, (storedAt - at).TotalMilliseconds, (enrolledAt - storedAt).TotalMilliseconds, job.Status);
    }

    private static JsonObject TaskUpdate(string n, bool eventSocket) => new()
    {
        ["entities"] = new JsonArray(new JsonObject
        {
            ["entityType"] = "task",
            ["entityId"] = $"idle-task-{(eventSocket ? "ws" : "poll")}-{n}",
            ["action"] = "update",
            ["keys"] = new JsonArray("name"),
            ["changes"] = new JsonObject { ["name"] = new JsonObject { ["old"] = $"a{n}", ["new"] = $"b{n}" } },
        }),
    };

    private static string Join(IEnumerable<double> values, string format = "0.0") => string.Join(", ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    private static string Format(double? value) => value?.ToString("0.0", CultureInfo.InvariantCulture) ?? "";

    private sealed record ModeResult(
        List<double> Latencies, List<double> Stored, List<double> Enrolled, double IdleRate, string IdleRoutes, double RequestsPerChange, double PeakMb, double WarmupMs, List<double> WindowRates);
}
