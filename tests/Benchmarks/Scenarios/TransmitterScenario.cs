using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Benchmarks.Support;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Sandbox.Ayon;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Benchmarks.Scenarios;

/// <summary>
/// Issue #7: the real transmitter as a child process over N AYON entity changes made through AYON's REST API, as an
/// artist's tool makes them (no sender type), on folders and tasks linked to ftrack (by <c>ftrackId</c> and
/// <c>ayon_id</c>): a third attribute changes (folder <c>frameStart</c> → ftrack <c>fstart</c>, task <c>frameEnd</c> →
/// <c>fend</c>), a third status changes (folders and tasks, alternating <c>In progress</c>/<c>Approved</c>), a third
/// assignee changes (a mapped user added to or removed from a task). Runs until every <c>ftrack.sync</c> job is
/// finished, then checks that ftrack holds the last value of every change.
/// </summary>
public sealed class TransmitterScenario : IScenario
{
    private const string Project = "bench";
    private const int Shots = 100;
    private const int Users = 10;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(6);
    private static readonly string[] Statuses = ["Approved", "In progress"];

    public string Name => "transmitter";

    public string Description => "the transmitter child process over N AYON attribute/status/assignee changes on synced folders and tasks, until every ftrack.sync job is finished";

    public async Task<BenchResult> RunAsync(int? events, CancellationToken cancellationToken)
    {
        var count = events ?? 1_500;
        await using var world = await BenchWorld.StartAsync(cancellationToken);
        var seeding = Stopwatch.StartNew();
        var seed = await SeedAsync(world, cancellationToken);
        Progress.Say($"seeded {Shots} linked shots with a task each and {Users} mapped users in {seeding.Elapsed.TotalSeconds:0.0} s");

        // The changes, made before the transmitter starts so the queue holds all of them.
        await using var artist = Clients.Ayon(world.Ayon, "artist-tool");
        var ayon = artist.GetRequiredService<IAyonApi>();
        var changes = Stopwatch.StartNew();
        var expected = new Expected();
        for (var n = 0; n < count; n++)
        {
            var shot = n / 3 % Shots;
            var round = n / (3 * Shots);
            switch (n % 3)
            {
                case 0 when round % 2 == 0:
                    await ayon.UpdateFolderAsync(Project, seed.Folders[shot], new JsonObject { ["attrib"] = new JsonObject { ["frameStart"] = 1000 + n } }, cancellationToken);
                    expected.Fstart[seed.FtrackShots[shot]] = 1000 + n;
                    break;
                case 0:
                    await ayon.UpdateTaskAsync(Project, seed.Tasks[shot], new JsonObject { ["attrib"] = new JsonObject { ["frameEnd"] = 2000 + n } }, cancellationToken);
                    expected.Fend[seed.FtrackTasks[shot]] = 2000 + n;
                    break;
                case 1:
                    var status = Statuses[round % 2];
                    if (round / 2 % 2 == 0)
                    {
                        await ayon.UpdateTaskAsync(Project, seed.Tasks[shot], new JsonObject { ["status"] = status }, cancellationToken);
                        expected.Status[seed.FtrackTasks[shot]] = status;
                    }
                    else
                    {
                        await ayon.UpdateFolderAsync(Project, seed.Folders[shot], new JsonObject { ["status"] = status }, cancellationToken);
                        expected.Status[seed.FtrackShots[shot]] = status;
                    }

                    break;
                default:
                    var user = $"artist{round % Users}";
                    var key = (seed.FtrackTasks[shot], seed.FtrackUsers[user]);
                    var assigned = expected.Assigned.Contains(key);
                    await ayon.AssignTaskAsync(Project, seed.Tasks[shot], assigned ? TaskAssignRequest.Remove(user) : TaskAssignRequest.Add(user), cancellationToken);
                    if (assigned)
                    {
                        expected.Assigned.Remove(key);
                    }
                    else
                    {
                        expected.Assigned.Add(key);
                    }

                    break;
            }
        }

        var enrolled = 0L;
        foreach (var topic in new[] { "entity.folder.attrib_changed", "entity.task.attrib_changed", "entity.folder.status_changed", "entity.task.status_changed", "entity.task.assignees_changed" })
        {
            enrolled += await world.CountEventsAsync(topic, null, cancellationToken);
        }

        if (enrolled != count)
        {
            throw new InvalidOperationException($"{count} changes made {enrolled} entity events; each change must make exactly one.");
        }

        Progress.Say($"made {count} AYON changes in {changes.Elapsed.TotalSeconds:0.0} s");

        var ayonBefore = world.Ayon.TotalRequestCount;
        var ftrackBefore = world.Ftrack.ApiRequestCount;
        var harnessCpuBefore = Measure.OwnCpuTime();
        await using var transmitter = HostChild.Start(world.Environment("ftrack-transmitter"), "transmitter", "--Service:MaxRetryDelay", "00:00:01");
        await BenchWorld.WaitUntilAsync(
            async () =>
            {
                transmitter.ThrowIfExited("the run");
                var finished = await world.CountEventsAsync("ftrack.sync", "finished", cancellationToken);
                var failed = await world.CountEventsAsync("ftrack.sync", "failed", cancellationToken);
                if (failed > 0)
                {
                    var reasons = (await world.Ayon.GetEventsAsync("ftrack.sync", cancellationToken)).Where(j => j.Status == "failed").Take(3).Select(j => j.Description);
                    throw new InvalidOperationException($"{failed} ftrack.sync jobs failed ({string.Join("; ", reasons)}); transmitter: {transmitter.LastLine}");
                }

                return (finished >= count, $"{finished}/{count} ftrack.sync jobs finished; transmitter: {transmitter.LastLine}");
            },
            TimeSpan.FromMilliseconds(250), Deadline, $"{count} finished ftrack.sync jobs", cancellationToken);

        var ayonRequests = world.Ayon.TotalRequestCount - ayonBefore;
        var ftrackRequests = world.Ftrack.ApiRequestCount - ftrackBefore;
        var transmitterCpu = transmitter.CpuTime();
        var harnessCpu = Measure.OwnCpuTime() - harnessCpuBefore;
        var peak = transmitter.PeakWorkingSetMb();
        var lines = transmitter.LineCount;
        await transmitter.StopAsync(TimeSpan.FromSeconds(40));
        var mismatches = Verify(world, seed, expected);
        if (mismatches.Count > 0)
        {
            throw new InvalidOperationException($"ftrack does not hold the last AYON values: {string.Join("; ", mismatches.Take(5))} ({mismatches.Count} in all).");
        }

        var jobs = await world.Ayon.GetEventsAsync("ftrack.sync", cancellationToken);
        var created = jobs.Select(j => AyonTime.Parse(j.CreatedAt)!.Value).ToList();
        var updated = jobs.Select(j => AyonTime.Parse(j.UpdatedAt)!.Value).ToList();
        var span = updated.Max() - created.Min();
        var perJob = jobs.Select((_, i) => (updated[i] - created[i]).TotalMilliseconds).ToList();
        var rate = Measure.Rate(count, span);
        return new BenchResult(
            Name, count, rate, Measure.Percentile(perJob, 50), Measure.Percentile(perJob, 99),
            Math.Round((double)ftrackRequests / count, 2), Math.Round((double)ayonRequests / count, 2), peak)
        {
            Notes = new Dictionary<string, string>
            {
                ["mix"] = "1/3 attribute (folder frameStart / task frameEnd), 1/3 status (task / folder), 1/3 task assignee added or removed",
                ["seconds_first_enroll_to_last_patch"] = span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                ["latency_is"] = "per job: ftrack.sync createdAt (enroll) → updatedAt (PATCH finished)",
                ["requests_include"] = "the transmitter's start-up, and its comment sync timer (every 15 s), spread over N",
                ["verified"] = "after the run ftrack holds every entity's last fstart/fend, status and assignment",
                ["transmitter_cpu_ms_per_event"] = Measure.CpuMsPerEvent(transmitterCpu, count),
                ["emulators_cpu_ms_per_event"] = Measure.CpuMsPerEvent(harnessCpu, count),
                ["ayon_sqlite_synchronous"] = BenchWorld.SynchronousNote,
                ["transmitter_log_lines"] = lines.ToString(CultureInfo.InvariantCulture),
                ["peak_working_set_is"] = "the transmitter child process (VmHWM)",
                ["host_extra_args"] = string.Join(' ', HostChild.ExtraArgs),
                ["image_env"] = string.Join(' ', HostChild.ImageEnvironment().Select(v => $"{v.Key}={v.Value}")),
            },
        };
    }

    private sealed record Seed(
        IReadOnlyList<string> Folders,
        IReadOnlyList<string> Tasks,
        IReadOnlyList<string> FtrackShots,
        IReadOnlyList<string> FtrackTasks,
        IReadOnlyDictionary<string, string> FtrackUsers,
        string Fstart,
        string Fend);

    private sealed class Expected
    {
        public Dictionary<string, int> Fstart { get; } = [];
        public Dictionary<string, int> Fend { get; } = [];
        public Dictionary<string, string> Status { get; } = [];
        public HashSet<(string Task, string User)> Assigned { get; } = [];
    }

    private static async Task<Seed> SeedAsync(BenchWorld world, CancellationToken cancellationToken)
    {
        var ftrack = world.Ftrack;
        var ayonId = ftrack.AddCustomAttribute("ayon_id", "text", isHierarchical: true);
        var fstart = ftrack.AddCustomAttribute("fstart", "number", entityType: "task", objectTypeId: ftrack.ObjectTypeId("Shot"));
        var fend = ftrack.AddCustomAttribute("fend", "number", entityType: "task", objectTypeId: ftrack.ObjectTypeId("Task"));
        var ftProject = ftrack.AddProject(Project);
        await world.Ayon.SeedProjectAsync(Project, Project, cancellationToken);
        await world.Ayon.SetProjectAttribAsync(Project, new JsonObject { ["ftrackId"] = ftProject }, cancellationToken);
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var u = 0; u < Users; u++)
        {
            var email = $"artist{u}@studio.test";
            users[$"artist{u}"] = ftrack.AddUser(email, email: email).Id;
            await world.Ayon.AddUserAsync($"artist{u}", null, new JsonObject(), new JsonObject { ["email"] = email }, cancellationToken);
        }

        var folders = new List<string>();
        var tasks = new List<string>();
        var ftShots = new List<string>();
        var ftTasks = new List<string>();
        for (var s = 0; s < Shots; s++)
        {
            var name = $"sh{s:0000}";
            var ftShot = ftrack.AddShot(ftProject, name);
            var ftTask = ftrack.AddTask(ftShot, "comp", "Compositing");
            var folder = await world.Ayon.AddFolderAsync(Project, name, "Shot", null, new JsonObject { ["ftrackId"] = ftShot }, cancellationToken);
            var task = await world.Ayon.AddEntityAsync(Project, "task", new JsonObject
            {
                ["name"] = "comp", ["taskType"] = "Compositing", ["folderId"] = folder, ["attrib"] = new JsonObject { ["ftrackId"] = ftTask },
            }, cancellationToken);
            ftrack.SetCustomAttributeValue(ayonId, ftShot, folder);
            ftrack.SetCustomAttributeValue(ayonId, ftTask, task);
            folders.Add(folder);
            tasks.Add(task);
            ftShots.Add(ftShot);
            ftTasks.Add(ftTask);
        }

        return new Seed(folders, tasks, ftShots, ftTasks, users, fstart, fend);
    }

    private static List<string> Verify(BenchWorld world, Seed seed, Expected expected)
    {
        var ftrack = world.Ftrack;
        var mismatches = new List<string>();
        foreach (var (entity, value) in expected.Fstart)
        {
            if (ftrack.GetCustomAttributeValue(seed.Fstart, entity)?.GetValue<double>() != value)
            {
                mismatches.Add($"fstart of {entity} is not {value}");
            }
        }

        foreach (var (entity, value) in expected.Fend)
        {
            if (ftrack.GetCustomAttributeValue(seed.Fend, entity)?.GetValue<double>() != value)
            {
                mismatches.Add($"fend of {entity} is not {value}");
            }
        }

        foreach (var (entity, status) in expected.Status)
        {
            var type = seed.FtrackTasks.Contains(entity) ? "Task" : "Shot";
            if (ftrack.GetEntity(type, entity)?["status_id"]?.GetValue<string>() != ftrack.StatusId(status))
            {
                mismatches.Add($"status of {type} {entity} is not {status}");
            }
        }

        var appointments = ftrack.QueryLocal("select context_id, resource_id from Appointment where type is \"assignment\"")
            .Select(a => (a!["context_id"]!.GetValue<string>(), a["resource_id"]!.GetValue<string>())).ToHashSet();
        if (!appointments.SetEquals(expected.Assigned))
        {
            mismatches.Add($"{appointments.Count} ftrack assignments, {expected.Assigned.Count} expected, {appointments.Except(expected.Assigned).Count()} unexpected");
        }

        return mismatches;
    }
}
