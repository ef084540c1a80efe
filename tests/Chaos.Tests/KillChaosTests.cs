using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using Xunit.Abstractions;

namespace AyonFtrack.Chaos.Tests;

/// <summary>
/// Issue 14, the kill half of the chaos suite: the real leecher, processor and transmitter (child processes) between
/// the emulators while a coordinator changes a show in ftrack (statuses, renames, moves, creations, frameStart) and an
/// artist changes statuses in AYON; the processor and the transmitter are killed (SIGKILL) at random moments and started
/// again a few changes later, and while the processor is down a task's status is changed and then its shot is moved
/// (a change queued behind a move). Seeded (<c>CHAOS_SEED</c>) and bounded (<c>CHAOS_CHANGES</c>). At the end: nothing
/// lost (each change's final value is on the other side), nothing doubled, an empty drift report, every failed job with
/// a reason, and every service's peak resident set below a bound.
/// </summary>
public sealed class KillChaosTests(ITestOutputHelper output)
{
    private static readonly string[] FtrackStatuses = ["In progress", "Approved", "Pending Review"];
    private static readonly string[] AyonStatuses = ["In progress", "Approved", "Pending Review"];

    /// <summary>Peak resident set allowed per service (a Debug build; the Release figures are in build/bench.sh).</summary>
    private const double RssBoundMib = 400;

    [Fact]
    public async Task ProcessorAndTransmitterKilledAtRandom_HundredsOfChanges_NothingLostOrDoubledAndNoDrift()
    {
        var seed = EnvInt("CHAOS_SEED", 1414);
        var changes = EnvInt("CHAOS_CHANGES", 240);
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        await using var w = await KillChaosWorld.StartAsync();
        var model = Seed(w);
        await w.StartServicesAsync();
        await w.CommitAsync(s => s.SetCustomAttribute(FtrackEntityRef.Of("Project", w.ProjectId), w.AutoSyncConfigurationId, true));
        await SettleAsync(w, "turning auto-sync on (the full sync)");
        await WaitForNoDriftAsync(w, "the full sync");
        foreach (var task in model.AnimTasks.Keys.ToList())
        {
            model.AnimAyonIds[task] = (await w.ArtistAyon.FindTasksByFtrackIdAsync(KillChaosWorld.ProjectName, [task], CancellationToken.None)).Single().Id;
        }

        var (kills, queuedBehindMoves, made) = (0, 0, 0);
        string? down = null;
        var restartAt = 0;
        while (made < changes)
        {
            if (down is not null && made >= restartAt)
            {
                Restart(w, down);
                down = null;
            }
            else if (down is null && random.NextDouble() < 0.08)
            {
                down = random.Next(2) == 0 ? "processor" : "transmitter";
                w.SampleRss();
                await w.KillAsync((down == "processor" ? w.Processor : w.Transmitter)!);
                kills++;
                restartAt = made + random.Next(1, 7);
            }

            if (down == "processor" && random.NextDouble() < 0.5)
            {
                // A change queued behind a move: the task's status, then its shot to another sequence.
                var shot = Pick(random, model.Shots.Keys);
                var task = model.CompTasks.First(t => t.Value.Shot == shot).Key;
                var status = Pick(random, FtrackStatuses);
                await w.CommitAsync(s => s.Update(FtrackEntityRef.Of("Task", task), Data(("status_id", w.Ftrack.StatusId(status)))));
                model.CompTasks[task] = model.CompTasks[task] with { Status = status };
                var target = Pick(random, model.Sequences.Keys.Where(q => q != model.Shots[shot].Sequence));
                await w.CommitAsync(s => s.Update(FtrackEntityRef.Of("Shot", shot), Data(("parent_id", target))));
                model.Shots[shot] = model.Shots[shot] with { Sequence = target };
                made += 2;
                queuedBehindMoves++;
                continue;
            }

            await RandomChangeAsync(w, model, random, made);
            made++;
        }

        if (down is not null)
        {
            Restart(w, down);
        }

        await SettleAsync(w, $"{made} changes and {kills} kills");
        var drift = await WaitForNoDriftAsync(w, "the last change", throwOnTimeout: false);
        w.SampleRss();

        var lost = await LostAsync(w, model);
        var doubled = await DoubledAsync(w, model);
        var failed = await w.FailedJobsAsync();
        var reasonless = failed.Count(j => string.IsNullOrWhiteSpace(j.Description));
        var peaks = string.Join(", ", w.PeakRssMib.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => FormattableString.Invariant($"{p.Key} {p.Value:0.0} MiB")));
        var figures = FormattableString.Invariant(
            $"seed {seed}: {made} changes ({queuedBehindMoves} status-then-move pairs queued behind a stopped processor), {kills} kills, lost {lost.Count}, doubled {doubled.Count}, drift {drift.Count}, failed jobs {failed.Count} ({reasonless} without a reason), peak RSS {peaks}, {clock.Elapsed.TotalSeconds:0} s");
        output.WriteLine(figures);
        Console.WriteLine("KillChaos: " + figures);

        figures.ShouldSatisfyAllConditions(
            () => lost.ShouldBeEmpty(figures + "\nlost: " + string.Join("; ", lost.Take(20))),
            () => doubled.ShouldBeEmpty(figures + "\ndoubled: " + string.Join("; ", doubled.Take(20))),
            () => drift.ShouldBeEmpty(figures + "\ndrift: " + string.Join("; ", drift.Take(20))),
            () => reasonless.ShouldBe(0, figures),
            () => w.PeakRssMib.Values.ShouldAllBe(v => v <= RssBoundMib, figures),
            () => kills.ShouldBeGreaterThan(0, figures));
    }

    private static void Restart(KillChaosWorld w, string service)
    {
        if (service == "processor")
        {
            w.StartProcessor();
        }
        else
        {
            w.StartTransmitter();
        }
    }

    private static async Task RandomChangeAsync(KillChaosWorld w, ChaosModel model, Random random, int made)
    {
        var roll = random.NextDouble();
        if (roll < 0.25)
        {
            var task = Pick(random, model.CompTasks.Keys);
            var status = Pick(random, FtrackStatuses);
            await w.CommitAsync(s => s.Update(FtrackEntityRef.Of("Task", task), Data(("status_id", w.Ftrack.StatusId(status)))));
            model.CompTasks[task] = model.CompTasks[task] with { Status = status };
        }
        else if (roll < 0.40)
        {
            var shot = Pick(random, model.Shots.Keys);
            var target = Pick(random, model.Sequences.Keys.Where(q => q != model.Shots[shot].Sequence));
            await w.CommitAsync(s => s.Update(FtrackEntityRef.Of("Shot", shot), Data(("parent_id", target))));
            model.Shots[shot] = model.Shots[shot] with { Sequence = target };
        }
        else if (roll < 0.50)
        {
            var shot = Pick(random, model.Shots.Keys);
            var name = string.Create(CultureInfo.InvariantCulture, $"{model.Shots[shot].Name.Split('r')[0]}r{made}");
            await w.CommitAsync(s => s.Update(FtrackEntityRef.Of("Shot", shot), Data(("name", name))));
            model.Shots[shot] = model.Shots[shot] with { Name = name };
        }
        else if (roll < 0.60)
        {
            var sequence = Pick(random, model.Sequences.Keys);
            var name = string.Create(CultureInfo.InvariantCulture, $"shn{made:000}");
            string shot = "", task = "";
            await w.CommitAsync(s =>
            {
                shot = s.Create("Shot", Data(("name", name), ("parent_id", sequence))).Id;
                task = s.Create("Task", Data(("name", "compositing"), ("parent_id", shot), ("type_id", w.Ftrack.TypeId("Compositing")))).Id;
            });
            model.Shots[shot] = new ShotState(sequence, name, null);
            model.CompTasks[task] = new TaskState(shot, null);
        }
        else if (roll < 0.75)
        {
            var shot = Pick(random, model.Shots.Keys);
            var value = 1001 + made;
            await w.CommitAsync(s => s.SetCustomAttribute(FtrackEntityRef.Of("Shot", shot), w.FrameStartConfigurationId, value));
            model.Shots[shot] = model.Shots[shot] with { FrameStart = value };
        }
        else
        {
            var task = Pick(random, model.AnimTasks.Keys);
            var status = Pick(random, AyonStatuses);
            await w.ArtistAyon.UpdateTaskAsync(KillChaosWorld.ProjectName, model.AnimAyonIds[task], new JsonObject { ["status"] = status }, CancellationToken.None);
            model.AnimTasks[task] = status;
        }
    }

    /// <summary>Every change's final value that is not on the other side.</summary>
    private static async Task<List<string>> LostAsync(KillChaosWorld w, ChaosModel model)
    {
        var lost = new List<string>();
        var ayon = w.ArtistAyon;
        var folders = (await ayon.FindFoldersByFtrackIdAsync(KillChaosWorld.ProjectName, [.. model.Shots.Keys], CancellationToken.None))
            .GroupBy(f => f.ParseAllAttrib()["ftrackId"]?.GetValue<string>() ?? "", StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var (shot, state) in model.Shots)
        {
            if (!folders.TryGetValue(shot, out var folder))
            {
                lost.Add($"shot {state.Name} has no AYON folder");
                continue;
            }

            var path = $"/{model.Sequences[state.Sequence]}/{state.Name}";
            if (folder.Path != path)
            {
                lost.Add($"shot {state.Name}: AYON path {folder.Path}, expected {path}");
            }

            if (state.FrameStart is { } frameStart && folder.ParseAllAttrib()["frameStart"]?.GetValue<int>() != frameStart)
            {
                lost.Add($"shot {state.Name}: AYON frameStart {folder.ParseAllAttrib()["frameStart"]}, expected {frameStart}");
            }
        }

        var tasks = (await ayon.FindTasksByFtrackIdAsync(KillChaosWorld.ProjectName, [.. model.CompTasks.Keys], CancellationToken.None))
            .GroupBy(t => t.ParseAllAttrib()["ftrackId"]?.GetValue<string>() ?? "", StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var (task, state) in model.CompTasks)
        {
            if (!tasks.TryGetValue(task, out var node))
            {
                lost.Add($"task {task} has no AYON task");
            }
            else if (state.Status is { } status && node.Status != status)
            {
                lost.Add($"task {task}: AYON status {node.Status}, expected {status}");
            }
        }

        foreach (var (task, status) in model.AnimTasks.Where(t => t.Value is not null))
        {
            var actual = w.Ftrack.GetEntity("Task", task)?["status_id"]?.GetValue<string>();
            if (actual != w.Ftrack.StatusId(status!))
            {
                lost.Add($"animation task {task}: ftrack status {actual}, expected {status}");
            }
        }

        return lost;
    }

    /// <summary>AYON entities linked to the same ftrack entity more than once, and ftrack siblings sharing a name.</summary>
    private static async Task<List<string>> DoubledAsync(KillChaosWorld w, ChaosModel model)
    {
        var ayon = w.ArtistAyon;
        var doubled = new List<string>();
        var folders = await ayon.FindFoldersByFtrackIdAsync(KillChaosWorld.ProjectName, [.. model.Shots.Keys, .. model.Sequences.Keys], CancellationToken.None);
        doubled.AddRange(folders.GroupBy(f => f.ParseAllAttrib()["ftrackId"]?.GetValue<string>() ?? "", StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Count()} AYON folders for ftrack {g.Key}"));
        var tasks = await ayon.FindTasksByFtrackIdAsync(KillChaosWorld.ProjectName, [.. model.CompTasks.Keys, .. model.AnimTasks.Keys], CancellationToken.None);
        doubled.AddRange(tasks.GroupBy(t => t.ParseAllAttrib()["ftrackId"]?.GetValue<string>() ?? "", StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Count()} AYON tasks for ftrack {g.Key}"));
        var contexts = w.Ftrack.QueryLocal($"select id, name, parent_id from TypedContext where project_id is \"{w.ProjectId}\"");
        doubled.AddRange(contexts.OfType<JsonObject>()
            .GroupBy(c => $"{c["parent_id"]}/{c["name"]}", StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Count()} ftrack entities named {g.Key}"));
        return doubled;
    }

    private async Task SettleAsync(KillChaosWorld w, string step)
    {
        var state = "";
        await KillChaosWorld.WaitUntilAsync(
            async () =>
            {
                w.SampleRss();
                (var settled, state) = await w.SettledAsync();
                return settled;
            },
            TimeSpan.FromMinutes(4),
            $"the services to finish their work after {step}",
            () => Task.FromResult($"{state}\nprocessor:\n{KillChaosWorld.Tail(w.Processor)}\ntransmitter:\n{KillChaosWorld.Tail(w.Transmitter)}\nleecher:\n{KillChaosWorld.Tail(w.Leecher)}"));
        output.WriteLine($"settled after {step}: {state}");
    }

    private static async Task<IReadOnlyList<AyonFtrack.Features.Sync.DriftItem>> WaitForNoDriftAsync(KillChaosWorld w, string step, bool throwOnTimeout = true)
    {
        IReadOnlyList<AyonFtrack.Features.Sync.DriftItem> drift = [];
        try
        {
            await KillChaosWorld.WaitUntilAsync(
                async () => (drift = await w.DriftAsync()).Count == 0,
                TimeSpan.FromMinutes(2),
                $"an empty drift report after {step}",
                () => Task.FromResult($"drift: {string.Join("; ", drift.Take(20))}"));
        }
        catch (TimeoutException) when (!throwOnTimeout)
        {
        }

        return drift;
    }

    /// <summary>A show seeded in ftrack before the services start: 4 sequences × 5 shots, each with compositing and animation.</summary>
    private static ChaosModel Seed(KillChaosWorld w)
    {
        var model = new ChaosModel();
        for (var q = 1; q <= 4; q++)
        {
            var sequenceName = string.Create(CultureInfo.InvariantCulture, $"sq{q:00}");
            var sequence = w.Ftrack.AddSequence(w.ProjectId, sequenceName);
            model.Sequences[sequence] = sequenceName;
            for (var n = 1; n <= 5; n++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"sh{q}{n:00}");
                var shot = w.Ftrack.AddShot(sequence, name);
                model.Shots[shot] = new ShotState(sequence, name, null);
                model.CompTasks[w.Ftrack.AddTask(shot, "compositing", "Compositing")] = new TaskState(shot, null);
                model.AnimTasks[w.Ftrack.AddTask(shot, "animation", "Animation")] = null;
            }
        }

        return model;
    }

    private static T Pick<T>(Random random, IEnumerable<T> items)
    {
        var list = items.ToList();
        return list[random.Next(list.Count)];
    }

    private static Dictionary<string, object?> Data(params (string Key, object? Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private sealed record ShotState(string Sequence, string Name, int? FrameStart);

    private sealed record TaskState(string Shot, string? Status);

    /// <summary>What the changes made so far should have left on both sides.</summary>
    private sealed class ChaosModel
    {
        public Dictionary<string, string> Sequences { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, ShotState> Shots { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, TaskState> CompTasks { get; } = new(StringComparer.Ordinal);

        /// <summary>Animation tasks (ftrack id) and the status the artist last set in AYON (null: never).</summary>
        public Dictionary<string, string?> AnimTasks { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> AnimAyonIds { get; } = new(StringComparer.Ordinal);
    }
}
