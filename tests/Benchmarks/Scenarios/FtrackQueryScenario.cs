using System.Diagnostics;
using System.Globalization;
using AyonFtrack.Benchmarks.Support;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Sandbox.Ftrack;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Benchmarks.Scenarios;

/// <summary>
/// Issue #3, ftrack REST: the real <see cref="FtrackSession"/> against the ftrack emulator seeded with one project of
/// 50 sequences × 10 shots × 6 tasks, running a fixed rotation of the queries the services issue: the whole hierarchy
/// listed with paging, the tasks of one sequence's shots, hierarchical custom attribute values of ten shots, and the statuses.
/// </summary>
public sealed class FtrackQueryScenario : IScenario
{
    private const int Sequences = 50;
    private const int ShotsPerSequence = 10;
    private const int TasksPerShot = 6;
    private static readonly string[] TaskNames = ["modeling", "rigging", "animation", "lighting", "fx", "compositing"];

    public string Name => "ftrack-query";

    public string Description => $"FtrackSession queries (hierarchy paging, tasks of shots, custom attribute values, statuses) over {Sequences}×{ShotsPerSequence}×{TasksPerShot} seeded entities";

    public async Task<BenchResult> RunAsync(int? events, CancellationToken cancellationToken)
    {
        var count = events ?? 400;
        await using var ftrack = await FtrackEmulator.StartAsync(new FtrackEmulatorOptions(), cancellationToken);
        var seeding = Stopwatch.StartNew();
        var seed = Seed(ftrack);
        Progress.Say($"seeded {seed.Sequences.Count} sequences, {seed.Shots.Count} shots, {seed.Shots.Count * TasksPerShot} tasks in {seeding.Elapsed.TotalSeconds:0.0} s");
        await using var services = Clients.Ftrack(ftrack);

        var kinds = new (string Name, Func<FtrackSession, int, Task<int>> Run)[]
        {
            ("hierarchy", async (s, _) => (await s.QueryAsync(
                FtrackQuery.From("TypedContext").Select("id", "name", "parent_id", "object_type_id", "type_id", "status_id").Where(FtrackFilter.Is("project_id", seed.ProjectId)),
                cancellationToken)).Count),
            ("tasks_of_sequence", async (s, i) => (await s.QueryAsync(
                FtrackQuery.From("Task").Select("id", "name", "parent_id", "status_id", "type_id").Where(FtrackFilter.In("parent_id", seed.ShotsOf(i % Sequences))),
                cancellationToken)).Count),
            ("custom_attribute_values", async (s, i) => (await s.QueryAsync(
                FtrackQuery.From("CustomAttributeValue").Select("value", "entity_id", "configuration_id")
                    .Where(FtrackFilter.In("entity_id", seed.ShotsOf(i % Sequences)).And(FtrackFilter.In("configuration_id", new[] { seed.AyonIdConfiguration }))),
                cancellationToken)).Count),
            ("statuses", async (s, _) => (await s.QueryAsync(
                FtrackQuery.From("Status").Select("id", "name", "color", "state.short", "sort").OrderBy("sort"),
                cancellationToken)).Count),
        };

        // One round of each kind first: JIT, schemas, connection pool; and it checks the seeded world answers as expected.
        using (var warm = services.CreateScope())
        {
            var session = warm.ServiceProvider.GetRequiredService<FtrackSession>();
            var expected = new[] { seed.Sequences.Count + seed.Shots.Count * (1 + TasksPerShot), ShotsPerSequence * TasksPerShot, ShotsPerSequence, -1 };
            for (var k = 0; k < kinds.Length; k++)
            {
                var rows = await kinds[k].Run(session, 0);
                if (expected[k] >= 0 && rows != expected[k])
                {
                    throw new InvalidOperationException($"Query '{kinds[k].Name}' returned {rows} rows, expected {expected[k]}.");
                }
            }
        }

        var before = ftrack.ApiRequestCount;
        var all = new List<double>(count);
        var perKind = kinds.ToDictionary(k => k.Name, _ => new List<double>());
        var rowsRead = 0L;
        var clock = Stopwatch.StartNew();
        for (var n = 0; n < count; n++)
        {
            var kind = kinds[n % kinds.Length];

            // A scope per query, as a slice gets one per command.
            using var scope = services.CreateScope();
            var session = scope.ServiceProvider.GetRequiredService<FtrackSession>();
            var started = Stopwatch.GetTimestamp();
            rowsRead += await kind.Run(session, n / kinds.Length);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            all.Add(ms);
            perKind[kind.Name].Add(ms);
            if ((n + 1) % 100 == 0)
            {
                Progress.Say($"queries {n + 1}/{count}");
            }
        }

        clock.Stop();
        var requests = ftrack.ApiRequestCount - before;
        var notes = new Dictionary<string, string>
        {
            ["rows_read"] = rowsRead.ToString(CultureInfo.InvariantCulture),
            ["seconds"] = clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
            ["events_are"] = "queries (one FtrackSession.QueryAsync each, all pages)",
        };
        foreach (var (name, values) in perKind)
        {
            notes[$"{name}_p50_ms"] = Measure.Percentile(values, 50)?.ToString(CultureInfo.InvariantCulture) ?? "n/a";
            notes[$"{name}_p99_ms"] = Measure.Percentile(values, 99)?.ToString(CultureInfo.InvariantCulture) ?? "n/a";
        }

        return new BenchResult(
            Name,
            count,
            Measure.Rate(count, clock.Elapsed),
            Measure.Percentile(all, 50),
            Measure.Percentile(all, 99),
            Math.Round((double)requests / count, 2),
            null,
            Measure.PeakWorkingSetMb(Process.GetCurrentProcess()))
        {
            Notes = notes,
        };
    }

    private static SeededProject Seed(FtrackEmulator ftrack)
    {
        var project = ftrack.AddProject("bench", "Bench Project");
        var ayonId = ftrack.AddCustomAttribute("ayon_id", "text", isHierarchical: true);
        var sequences = new List<string>();
        var shots = new List<string>();
        for (var q = 0; q < Sequences; q++)
        {
            var sequence = ftrack.AddSequence(project, $"sq{q:000}");
            sequences.Add(sequence);
            for (var s = 0; s < ShotsPerSequence; s++)
            {
                var shot = ftrack.AddShot(sequence, $"sq{q:000}sh{s * 10:000}");
                shots.Add(shot);
                ftrack.SetCustomAttributeValue(ayonId, shot, $"ayon-{q}-{s}");
                foreach (var task in TaskNames)
                {
                    ftrack.AddTask(shot, task);
                }
            }
        }

        return new SeededProject(project, ayonId, sequences, shots);
    }

    private sealed record SeededProject(string ProjectId, string AyonIdConfiguration, IReadOnlyList<string> Sequences, IReadOnlyList<string> Shots)
    {
        public IEnumerable<string> ShotsOf(int sequence) => Shots.Skip(sequence * ShotsPerSequence).Take(ShotsPerSequence);
    }
}
