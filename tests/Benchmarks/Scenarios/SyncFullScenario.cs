using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Benchmarks.Support;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Sync;
using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Ftrack;
using AyonFtrack.Server.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Benchmarks.Scenarios;

/// <summary>
/// Issue #6: the full ftrack → AYON project sync (P-22, <see cref="ProjectSync"/>) of a seeded show of 500 shots and
/// 3,000 tasks (10 sequences × 50 shots × 6 tasks) into an empty AYON, in process over loopback: time, ftrack and AYON
/// requests, and the drift report afterwards (must be empty).
/// </summary>
public sealed class SyncFullScenario : IScenario
{
    public string Name => "sync-full";

    public string Description => "ProjectSync of a seeded ftrack show (500 shots, 3,000 tasks) into an empty AYON project: time, ftrack and AYON requests";

    public async Task<BenchResult> RunAsync(int? events, CancellationToken cancellationToken)
    {
        var shots = events ?? 500;
        await using var world = await SyncBenchWorld.StartAsync(cancellationToken);
        var seeding = Stopwatch.StartNew();
        var seeded = world.SeedShow(shots, tasksPerShot: 6);
        Progress.Say($"seeded {seeded.Shots} shots and {seeded.Tasks} tasks in ftrack in {seeding.Elapsed.TotalSeconds:0.0} s");

        var ftrackBefore = world.Ftrack.ApiRequestCount;
        var ayonBefore = world.Ayon.TotalRequestCount;
        var cpuBefore = Measure.OwnCpuTime();
        var clock = Stopwatch.StartNew();
        ProjectSyncResult result;
        await using (var scope = world.Services.CreateAsyncScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<ProjectSync>().RunAsync(SyncBenchWorld.ProjectName, cancellationToken);
        }

        var elapsed = clock.Elapsed;
        var cpu = Measure.OwnCpuTime() - cpuBefore;
        var ftrackRequests = world.Ftrack.ApiRequestCount - ftrackBefore;
        var ayonRequests = world.Ayon.TotalRequestCount - ayonBefore;
        var peak = Measure.PeakWorkingSetMb(Process.GetCurrentProcess());
        var drift = await world.DriftAsync(cancellationToken);

        // Issue 14: what one "leecher started" marker costs after a hub reconnect: the processor's resync of an
        // auto-sync project that is already in line (the same ProjectSync again; it reads everything, writes nothing).
        var resyncFtrackBefore = world.Ftrack.ApiRequestCount;
        var resyncAyonBefore = world.Ayon.TotalRequestCount;
        var resyncCpuBefore = Measure.OwnCpuTime();
        var resyncClock = Stopwatch.StartNew();
        ProjectSyncResult resync;
        await using (var scope = world.Services.CreateAsyncScope())
        {
            resync = await scope.ServiceProvider.GetRequiredService<ProjectSync>().RunAsync(SyncBenchWorld.ProjectName, cancellationToken);
        }

        var resyncElapsed = resyncClock.Elapsed;
        var resyncCpu = Measure.OwnCpuTime() - resyncCpuBefore;
        var entities = 1 + seeded.Sequences + seeded.Shots + seeded.Tasks;
        return new BenchResult(Name, entities, Measure.Rate(entities, elapsed), null, null,
            Math.Round((double)ftrackRequests / entities, 3), Math.Round((double)ayonRequests / entities, 3), peak)
        {
            Notes = new Dictionary<string, string>
            {
                ["events_are"] = "ftrack entities synchronised (project, sequences, shots, tasks); events_per_second = entities per second",
                ["seconds"] = elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                ["ftrack_requests"] = ftrackRequests.ToString(CultureInfo.InvariantCulture),
                ["ayon_requests"] = ayonRequests.ToString(CultureInfo.InvariantCulture),
                ["ayon_operations"] = result.AyonOperations.ToString(CultureInfo.InvariantCulture),
                ["ftrack_writes"] = result.FtrackWrites.ToString(CultureInfo.InvariantCulture),
                ["project_created"] = result.ProjectCreated.ToString(),
                ["drift_after"] = drift.Count.ToString(CultureInfo.InvariantCulture),
                ["resync_is"] = "the same ProjectSync again on the synced project: what one leecher-started marker costs per auto-sync project",
                ["resync_seconds"] = resyncElapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                ["resync_ftrack_requests"] = (world.Ftrack.ApiRequestCount - resyncFtrackBefore).ToString(CultureInfo.InvariantCulture),
                ["resync_ayon_requests"] = (world.Ayon.TotalRequestCount - resyncAyonBefore).ToString(CultureInfo.InvariantCulture),
                ["resync_ayon_operations"] = resync.AyonOperations.ToString(CultureInfo.InvariantCulture),
                ["resync_ftrack_writes"] = resync.FtrackWrites.ToString(CultureInfo.InvariantCulture),
                ["resync_cpu_ms"] = resyncCpu.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture),
                ["cpu_ms_total"] = cpu.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture),
                ["cpu_is"] = "the harness process: the sync and both emulators",
                ["peak_working_set_is"] = "the harness process (sync + both emulators, VmHWM)",
                ["machine_load"] = SyncBenchWorld.LoadAverage(),
            },
        };
    }
}

/// <summary>
/// Both emulators on loopback with the ftrack addon settings, the ftrack custom attributes the sync uses, and the
/// processor's Sync slices wired in process (real <see cref="SliceDispatcher"/>, real clients, AYON writes marked
/// <c>x-sender-type: ftrack</c>). Every <c>ftrack.update</c> the ftrack emulator generates for a REST commit is kept in
/// <see cref="Events"/>.
/// </summary>
internal sealed class SyncBenchWorld : IAsyncDisposable
{
    public const string ProjectName = "bench_show";

    private readonly ServiceProvider _services;
    private readonly string _data;

    private SyncBenchWorld(AyonEmulator ayon, FtrackEmulator ftrack, EventCollector events, ServiceProvider services, string data)
    {
        Ayon = ayon;
        Ftrack = ftrack;
        Events = events;
        _services = services;
        _data = data;
    }

    public AyonEmulator Ayon { get; }

    public FtrackEmulator Ftrack { get; }

    public EventCollector Events { get; }

    public IServiceProvider Services => _services;

    public string ProjectId { get; private set; } = "";

    public string FpsConfigurationId { get; private set; } = "";

    public List<string> SequenceIds { get; } = [];

    public List<string> ShotIds { get; } = [];

    public List<string> TaskIds { get; } = [];

    public static async Task<SyncBenchWorld> StartAsync(CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("ayon-ftrack-bench-sync-").FullName;
        var events = new EventCollector();
        var ayon = await AyonEmulator.StartAsync(new AyonEmulatorOptions { DatabasePath = Path.Combine(data, "ayon.db") }, cancellationToken);
        FtrackEmulator ftrack;
        try
        {
            ftrack = await FtrackEmulator.StartAsync(new FtrackEmulatorOptions { EventSink = events }, cancellationToken);
        }
        catch
        {
            await ayon.DisposeAsync();
            throw;
        }

        try
        {
            await ayon.SetAddonDefaultsAsync("ftrack", BenchWorld.AddonVersion, FtrackSettings.Defaults.ToJsonObject(), cancellationToken);
            await ayon.SetAddonSettingsAsync("ftrack", BenchWorld.AddonVersion, "production", new JsonObject
            {
                ["ftrack_server"] = ftrack.BaseUrl.GetLeftPart(UriPartial.Authority),
                ["custom_attributes"] = new JsonObject
                {
                    ["attributes_mapping"] = new JsonObject
                    {
                        ["enabled"] = true,
                        ["mapping"] = new JsonArray(
                            new JsonObject { ["name"] = "fps", ["attr_type"] = "hierarchical", ["hierarchical"] = "fps", ["standard"] = new JsonArray() }),
                    },
                },
            }, cancellationToken);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Ayon:ServerUrl"] = ayon.BaseUrl.ToString(),
                ["Ayon:ApiKey"] = ayon.ServiceApiKey,
                ["Ayon:AddonName"] = "ftrack",
                ["Ayon:AddonVersion"] = BenchWorld.AddonVersion,
                ["Ayon:ServiceName"] = "ftrack-processor",
                ["Ayon:Variant"] = "production",
                ["Ayon:SenderType"] = "ftrack",
                ["Ayon:TimeoutSeconds"] = "120",
            }).Build();
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddLogging();
            services.AddAyonClient();
            services.AddFtrackClient();
            services.AddOptions<SyncOptions>().BindConfiguration(SyncOptions.Section);
            services.AddScoped<ProjectSync>();
            services.AddIncrementalSync();
            services.AddFtrackEventHub();
            services.AddActionRuntime();
            services.AddSlicePipeline(HostMode.Processor, [new SyncModule()]);
            var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            provider.GetRequiredService<FtrackConnection>().Use(new FtrackCredentials(ftrack.BaseUrl, ftrack.ApiUser, ftrack.ApiKey));
            return new SyncBenchWorld(ayon, ftrack, events, provider, data);
        }
        catch
        {
            await ftrack.DisposeAsync();
            await ayon.DisposeAsync();
            throw;
        }
    }

    /// <summary>Seeds the project with auto-sync on, sequences of 50 shots, and <paramref name="tasksPerShot"/> tasks per shot.</summary>
    public (int Sequences, int Shots, int Tasks) SeedShow(int shots, int tasksPerShot)
    {
        Ftrack.AddCustomAttribute("ayon_id", "text", isHierarchical: true, defaultValue: "", config: "{\"markdown\": false}");
        Ftrack.AddCustomAttribute("ayon_path", "text", isHierarchical: true, defaultValue: "", config: "{\"markdown\": false}");
        Ftrack.AddCustomAttribute("ayon_sync_failed", "boolean", isHierarchical: true, defaultValue: false);
        FpsConfigurationId = Ftrack.AddCustomAttribute("fps", "number", isHierarchical: true, config: "{\"isdecimal\": true}");
        var autoSync = Ftrack.AddCustomAttribute("auto_sync_enabled", "boolean", entityType: "show", defaultValue: false);
        ProjectId = Ftrack.AddProject("bs", ProjectName);
        Ftrack.SetCustomAttributeValue(autoSync, ProjectId, true);
        Ftrack.SetCustomAttributeValue(FpsConfigurationId, ProjectId, 25.0);
        string[] taskTypes = ["Animation", "Compositing", "Lighting", "Modeling", "Rigging", "Generic"];
        for (var s = 0; s < shots; s++)
        {
            if (s % 50 == 0)
            {
                SequenceIds.Add(Ftrack.AddSequence(ProjectId, $"sq{SequenceIds.Count + 1:000}"));
            }

            var shot = Ftrack.AddShot(SequenceIds[^1], $"sh{s + 1:0000}");
            ShotIds.Add(shot);
            for (var t = 0; t < tasksPerShot; t++)
            {
                TaskIds.Add(Ftrack.AddTask(shot, taskTypes[t % taskTypes.Length].ToLowerInvariant() + (t / taskTypes.Length == 0 ? "" : $"{t}"), taskTypes[t % taskTypes.Length]));
            }
        }

        return (SequenceIds.Count, ShotIds.Count, TaskIds.Count);
    }

    public async Task<IReadOnlyList<DriftItem>> DriftAsync(CancellationToken cancellationToken)
    {
        await using var scope = _services.CreateAsyncScope();
        var mapping = new AttributesMappingSettings
        {
            Enabled = true,
            Mapping = [new AttributeMappingItem { Name = "fps", AttrType = "hierarchical", Hierarchical = "fps" }],
        };
        return await DriftReport.CompareAsync(
            scope.ServiceProvider.GetRequiredService<FtrackSession>(), scope.ServiceProvider.GetRequiredService<IAyonApi>(), ProjectName, mapping, cancellationToken);
    }

    /// <summary>Commits a change through the product's ftrack session, as a user in the web UI would, and returns the events it generated.</summary>
    public async Task<IReadOnlyList<FtrackEvent>> CommitAsync(Action<FtrackSession> change, CancellationToken cancellationToken)
    {
        Events.Clear();
        await using var scope = _services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<FtrackSession>();
        change(session);
        await session.CommitAsync(cancellationToken);
        return Events.Drain();
    }

    /// <summary>Runs one event through the processor's Sync routes.</summary>
    public Task<DispatchReport> DispatchAsync(FtrackEvent e, CancellationToken cancellationToken) =>
        _services.GetRequiredService<SliceDispatcher>().DispatchAsync(FtrackUpdate.Topic, e, cancellationToken);

    /// <summary>The 1/5/15-minute load averages of the machine, for the figures' context.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + $" on {Environment.ProcessorCount} cores";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Ftrack.DisposeAsync();
        await Ayon.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder later.
        }
    }

    /// <summary>Keeps the events the ftrack emulator generates for REST commits.</summary>
    internal sealed class EventCollector : IFtrackEventSink
    {
        private readonly ConcurrentQueue<JsonObject> _events = new();

        public void Publish(JsonObject ftrackEvent) => _events.Enqueue((JsonObject)ftrackEvent.DeepClone());

        public void Clear() => _events.Clear();

        public IReadOnlyList<FtrackEvent> Drain()
        {
            var result = new List<FtrackEvent>();
            while (_events.TryDequeue(out var e))
            {
                result.Add(FtrackEvent.FromHub(JsonSerializer.SerializeToElement(e)));
            }

            return result;
        }
    }
}
