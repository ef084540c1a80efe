using System.Globalization;
using System.Text.Json;
using AyonFtrack.Benchmarks.Scenarios;
using AyonFtrack.Benchmarks.Support;

namespace AyonFtrack.Benchmarks;

/// <summary><c>Benchmarks [scenario|all] [--events N] [--out DIR]</c>: runs scenarios, prints one table, writes one JSON per scenario.</summary>
public static class BenchCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Every scenario, in the order <c>all</c> runs them.</summary>
    public static IReadOnlyList<IScenario> Scenarios() =>
    [
        new AyonQueueScenario(),
        new FtrackQueryScenario(),
        new FtrackHubScenario(),
        new IdleLatencyScenario(),
        new LeecherScenario(),
        new LeecherSplitScenario(),
        new ProcessorNoopScenario(),
        new SyncFullScenario(),
        new SyncIncrementalScenario(),
        new TransmitterScenario(),
    ];

    /// <summary>The hard limit of one scenario; past it the scenario is cancelled, its servers and processes stopped, and the run goes on.</summary>
    public static readonly TimeSpan ScenarioTimeout = TimeSpan.FromMinutes(8);

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var name = args.FirstOrDefault(a => !a.StartsWith('-')) ?? "all";
        int? events = null;
        var output = "bench-results";
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--events")
            {
                events = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--out")
            {
                output = args[i + 1];
            }
        }

        var scenarios = Scenarios();
        var chosen = name == "all" ? scenarios : scenarios.Where(s => s.Name == name).ToList();
        if (chosen.Count == 0)
        {
            await Console.Error.WriteLineAsync($"bench: unknown scenario '{name}'. Known: {string.Join(", ", scenarios.Select(s => s.Name))}, all");
            return 64;
        }

        Directory.CreateDirectory(output);
        var results = new List<BenchResult>();
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var failed = new List<string>();
        foreach (var scenario in chosen)
        {
            Progress.Say($"bench: {scenario.Name}: {scenario.Description}");
            GC.Collect();
            if (!Measure.ResetOwnPeak())
            {
                Progress.Say("could not reset the harness's peak working set; in-process figures may carry an earlier scenario's peak");
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            limit.CancelAfter(ScenarioTimeout);
            try
            {
                var result = await scenario.RunAsync(events, limit.Token);
                results.Add(result);
                await File.WriteAllTextAsync(Path.Combine(output, $"{scenario.Name}.json"), JsonSerializer.Serialize(result, Json), CancellationToken.None);
                await Console.Error.WriteLineAsync($"bench: {scenario.Name}: done, {JsonSerializer.Serialize(result.Notes)}");
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or InvalidOperationException or HttpRequestException)
            {
                var why = limit.IsCancellationRequested && !stop.IsCancellationRequested ? $"timed out after {ScenarioTimeout.TotalMinutes} min" : ex.Message;
                failed.Add(scenario.Name);
                await Console.Error.WriteLineAsync($"bench: {scenario.Name}: FAILED: {why}");
            }

            if (stop.IsCancellationRequested)
            {
                break;
            }
        }

        await Console.Out.WriteLineAsync(Table(results));
        if (failed.Count > 0)
        {
            await Console.Error.WriteLineAsync($"bench: failed: {string.Join(", ", failed)}");
            return 1;
        }

        return 0;
    }

    /// <summary>The results as a Markdown table (pasted into issue notes as it is).</summary>
    public static string Table(IEnumerable<BenchResult> results)
    {
        static string F(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "n/a";
        var lines = new List<string>
        {
            "| scenario | events | events/s | p50 ms | p99 ms | ftrack req/event | AYON req/event | peak working set MB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        };
        lines.AddRange(results.Select(r =>
            $"| {r.Scenario} | {r.Events} | {F(r.EventsPerSecond)} | {F(r.P50Ms)} | {F(r.P99Ms)} | {F(r.FtrackRequestsPerEvent)} | {F(r.AyonRequestsPerEvent)} | {F(r.PeakWorkingSetMb)} |"));
        return string.Join(Environment.NewLine, lines);
    }
}
