using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Ftrack;
using AyonFtrack.Server.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Integration.Tests.EndToEnd;

/// <summary>
/// A studio with every service running: both emulators (<see cref="ServiceWorld"/>), the real <c>ayon-ftrack</c>
/// leecher, processor and (optionally) transmitter as child processes, and two people making changes: a coordinator
/// in ftrack (REST commits through the product's <see cref="FtrackSession"/>, with its own ftrack user, so the
/// emulator publishes <c>ftrack.update</c> on its hub as ftrack does) and an artist in AYON (the product's AYON client
/// without a sender type, like an artist's tool). Only the configuration (custom attributes, the project, users) is
/// seeded; the show itself is built by commits.
/// </summary>
internal sealed class EndToEndWorld : IAsyncDisposable
{
    public const string ProjectName = "e2e_show";
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    /// <summary>The services' enroll retries (the default): a job failed more often than this stays failed.</summary>
    private const int MaxRetries = 3;

    private static readonly string[] FastArgs =
    [
        "--Service:MaxRetryDelay", "00:00:01",
        "--Service:SettingsRetryDelay", "00:00:00.500",
        "--Logging:LogLevel:Default", "Information",
        "--Logging:LogLevel:System", "Warning",
        "--Logging:LogLevel:Microsoft", "Warning",
    ];

    private readonly ServiceProvider _clients;
    private readonly List<HostProcess> _processes = [];
    private string[] _processorArgs = [];

    private EndToEndWorld(ServiceWorld world, ServiceProvider clients)
    {
        World = world;
        _clients = clients;
    }

    public ServiceWorld World { get; }

    public AyonEmulator Ayon => World.Ayon;

    public FtrackEmulator Ftrack => World.Ftrack;

    public HostProcess? Leecher { get; private set; }

    public HostProcess? Processor { get; private set; }

    public HostProcess? Transmitter { get; private set; }

    public string ProjectId { get; private set; } = "";

    public string AutoSyncConfigurationId { get; private set; } = "";

    public string AyonIdConfigurationId { get; private set; } = "";

    public string FpsConfigurationId { get; private set; } = "";

    public string FrameStartConfigurationId { get; private set; } = "";

    /// <summary>The ftrack user of the artist <c>jane</c> (AYON user <c>jane</c>, same e-mail).</summary>
    public string JaneFtrackId { get; private set; } = "";

    /// <summary>The mapping the addon settings carry (and the drift report compares with).</summary>
    /// <summary>The AYON link type ftrack's shot links become (the setting <c>sync_from_ftrack.sync_link_type</c>).</summary>
    public const string LinkType = "breakdown";

    public static AttributesMappingSettings Mapping => AyonFtrack.Integration.Tests.Sync.SyncWorld.Mapping;

    /// <summary>The AYON client of the artist's tool (no sender type: its writes are what the transmitter pushes).</summary>
    public IAyonApi ArtistAyon => _clients.GetRequiredService<IAyonApi>();

    public static async Task<EndToEndWorld> StartAsync()
    {
        var world = await ServiceWorld.StartAsync();
        try
        {
            await world.Ayon.SetAddonSettingsAsync("ftrack", ServiceWorld.AddonVersion, "production", new JsonObject
            {
                ["ftrack_server"] = world.Ftrack.BaseUrl.GetLeftPart(UriPartial.Authority),
                ["service_settings"] = new JsonObject { ["username"] = ServiceWorld.UsernameSecret, ["api_key"] = ServiceWorld.ApiKeySecret },
                ["service_event_handlers"] = new JsonObject
                {
                    ["sync_from_ftrack"] = new JsonObject { ["sync_link_type"] = LinkType },
                },
                ["custom_attributes"] = new JsonObject
                {
                    ["attributes_mapping"] = new JsonObject
                    {
                        ["enabled"] = true,
                        ["mapping"] = new JsonArray(
                            new JsonObject { ["name"] = "fps", ["attr_type"] = "hierarchical", ["hierarchical"] = "fps", ["standard"] = new JsonArray() },
                            new JsonObject { ["name"] = "frameStart", ["attr_type"] = "hierarchical", ["hierarchical"] = "frameStart", ["standard"] = new JsonArray() }),
                    },
                },
            }, CancellationToken.None);
            await world.Ayon.AddUserAsync("jane", null, new JsonObject(), new JsonObject { ["email"] = "jane@studio.test" }, CancellationToken.None);

            var coordinator = world.Ftrack.AddUser("coordinator@studio.test", email: "coordinator@studio.test");
            var values = new Dictionary<string, string?>
            {
                ["Ayon:ServerUrl"] = world.Ayon.BaseUrl.ToString(),
                ["Ayon:ApiKey"] = world.Ayon.ServiceApiKey,
                ["Ayon:AddonName"] = "ftrack",
                ["Ayon:AddonVersion"] = ServiceWorld.AddonVersion,
                ["Ayon:ServiceName"] = "artist-tool",
                ["Ayon:TimeoutSeconds"] = "30",
            };
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
            services.AddLogging();
            services.AddAyonClient();
            services.AddFtrackClient();
            var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            provider.GetRequiredService<FtrackConnection>().Use(new FtrackCredentials(world.Ftrack.BaseUrl, coordinator.Username, coordinator.ApiKey));
            var result = new EndToEndWorld(world, provider);
            result.SeedConfiguration();
            return result;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the leecher and the processor (with <paramref name="processorArgs"/>), and the transmitter, and waits until
    /// the leecher listens on the hub and the processor has taken the leecher-started marker.
    /// </summary>
    public async Task StartServicesAsync(bool transmitter, params string[] processorArgs)
    {
        _processorArgs = processorArgs;
        Leecher = Start("ftrack-leecher", "leecher");
        Processor = StartProcessor();
        if (transmitter)
        {
            Transmitter = Start("ftrack-transmitter", "transmitter", "--Transmitter:IdleDelay", "00:00:00.100", "--CommentSync:Interval", "00:00:01");
        }

        await ServiceWorld.WaitUntilAsync(
            () => Task.FromResult(World.Hub.Subscriptions.Any(s => s.Subscription == "topic=*")),
            Deadline,
            "the leecher's topic=* subscription",
            () => Task.FromResult(Tail(Leecher)));
        // The leecher-started marker is the first event the processor takes: once its job is done, both listen.
        await SettleAsync("the services' start");
    }

    /// <summary>Starts a (new) processor child process.</summary>
    public HostProcess StartProcessor()
    {
        Processor = Start("ftrack-processor", "processor", ["--Processor:IdleDelay", "00:00:00.100", .. _processorArgs]);
        return Processor;
    }

    /// <summary>Stops the processor with SIGTERM (as a container stop) and waits for its exit.</summary>
    public async Task StopProcessorAsync()
    {
        var processor = Processor ?? throw new InvalidOperationException("The processor is not running.");
        processor.Terminate();
        (await processor.WaitForExitAsync(Deadline)).ShouldBe(0, Tail(processor));
        Processor = null;
    }

    /// <summary>Commits ftrack changes as the coordinator (one REST batch = one <c>ftrack.update</c> on the hub).</summary>
    public async Task CommitAsync(Action<FtrackSession> change)
    {
        await using var scope = _clients.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<FtrackSession>();
        change(session);
        await session.CommitAsync(CancellationToken.None);
    }

    /// <summary>The drift report of the project (empty: AYON equals ftrack).</summary>
    public async Task<IReadOnlyList<DriftItem>> DriftAsync()
    {
        await using var scope = _clients.CreateAsyncScope();
        return await DriftReport.CompareAsync(scope.ServiceProvider.GetRequiredService<FtrackSession>(), scope.ServiceProvider.GetRequiredService<IAyonApi>(), ProjectName, Mapping, LinkType, CancellationToken.None);
    }

    /// <summary>Waits until the drift report is empty (the last change has been applied).</summary>
    public async Task WaitForNoDriftAsync(string step)
    {
        IReadOnlyList<DriftItem> drift = [];
        await ServiceWorld.WaitUntilAsync(
            async () => (drift = await DriftAsync()).Count == 0,
            Deadline,
            $"an empty drift report after {step}",
            async () => $"drift: {string.Join("; ", drift)}\n{await DescribeAsync()}");
    }

    /// <summary>The AYON folder of a ftrack context (by <c>ftrackId</c>); null when there is none.</summary>
    public async Task<FolderNode?> FolderAsync(string ftrackId)
    {
        await using var scope = _clients.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IAyonApi>().FindFoldersByFtrackIdAsync(ProjectName, [ftrackId], CancellationToken.None)).SingleOrDefault();
    }

    /// <summary>The AYON folder links (every type) of the folders of the given AYON ids.</summary>
    public async Task<IReadOnlyList<AyonLink>> FolderLinksAsync(params string[] folderIds)
    {
        await using var scope = _clients.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAyonApi>().ListFolderLinksAsync(ProjectName, folderIds, null, CancellationToken.None);
    }

    /// <summary>The AYON task of a ftrack task (by <c>ftrackId</c>); null when there is none.</summary>
    public async Task<TaskNode?> TaskAsync(string ftrackId)
    {
        await using var scope = _clients.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IAyonApi>().FindTasksByFtrackIdAsync(ProjectName, [ftrackId], CancellationToken.None)).SingleOrDefault();
    }

    /// <summary>
    /// Waits until the pipeline has nothing left to do: every <c>ftrack.update</c> ftrack published has been leeched,
    /// every leeched event has a finished <c>ftrack.proc</c> job, and (with a transmitter) every AYON change the
    /// transmitter enrolls has a finished <c>ftrack.sync</c> job. A job that failed for good fails the wait at once,
    /// unless <paramref name="failuresExpected"/>: then it counts as done (it stays failed and visible).
    /// </summary>
    public Task SettleAsync(string step, bool failuresExpected = false) => ServiceWorld.WaitUntilAsync(
        async () => (await ReadAsync(throwOnFailure: !failuresExpected)).Settled,
        Deadline,
        $"the services to finish their work after {step}",
        DescribeAsync);

    /// <summary>The counters that show any work of the services: jobs, AYON entity writes and events, ftrack commits.</summary>
    public async Task<Counters> CountersAsync()
    {
        var all = await Ayon.GetEventsAsync(null, CancellationToken.None);
        return new Counters(
            all.Count(e => e.Topic == "ftrack.leech"),
            all.Count(e => e.Topic == "ftrack.proc"),
            all.Count(e => e.Topic == "ftrack.sync"),
            all.Count(e => e.Topic.StartsWith("entity.", StringComparison.Ordinal)),
            AyonEntityWrites,
            Ftrack.GetActionCount("create") + Ftrack.GetActionCount("update") + Ftrack.GetActionCount("delete"),
            Ftrack.PublishedEventCount);
    }

    /// <summary>AYON requests that write project data (the project's deploy and patch, entities, operations, assignments).</summary>
    public long AyonEntityWrites =>
        Ayon.RequestCount("POST", "/api/projects") + Ayon.RequestCount("PATCH", "/api/projects") + Ayon.RequestCount("PUT", "/api/projects")
        + Ayon.RequestCount("DELETE", "/api/projects");

    /// <summary>The jobs of <paramref name="topic"/> that failed for good.</summary>
    public async Task<List<AyonEventRow>> FailedJobsAsync(string topic) =>
        [.. (await Ayon.GetEventsAsync(topic, CancellationToken.None)).Where(j => j.Status == "failed" && j.Retries > MaxRetries)];

    /// <summary>Deletes every <c>ftrack.proc</c> job through AYON's REST API (as an operator clearing the processor's state would).</summary>
    public async Task<int> DeleteProcessorJobsAsync()
    {
        var jobs = await Ayon.GetEventsAsync("ftrack.proc", CancellationToken.None);
        await using var scope = _clients.CreateAsyncScope();
        var ayon = scope.ServiceProvider.GetRequiredService<IAyonApi>();
        foreach (var job in jobs)
        {
            await ayon.DeleteEventAsync(job.Id, CancellationToken.None);
        }

        return jobs.Count;
    }

    /// <summary>What the pipeline is doing, for failure messages.</summary>
    public async Task<string> DescribeAsync()
    {
        var state = await ReadAsync(throwOnFailure: false);
        var text = new StringBuilder()
            .Append(FormattableString.Invariant($"ftrack published {Ftrack.PublishedEventCount} updates, {state.LeechedUpdates} leeched; "))
            .Append(FormattableString.Invariant($"{state.Unprocessed.Count} leeched events without a finished ftrack.proc job ({string.Join(", ", state.Unprocessed.Take(5))}); "))
            .Append(FormattableString.Invariant($"{state.Untransmitted.Count} AYON changes without a finished ftrack.sync job ({string.Join(", ", state.Untransmitted.Take(5))})"));
        foreach (var (name, process) in new[] { ("leecher", Leecher), ("processor", Processor), ("transmitter", Transmitter) })
        {
            if (process is not null)
            {
                text.Append('\n').Append(name).Append(" said:\n").Append(Tail(process));
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _clients.DisposeAsync();
        await World.DisposeAsync();
    }

    private static string Tail(HostProcess process) => string.Join('\n', process.Lines.TakeLast(25));

    private HostProcess Start(string serviceName, string mode, params string[] extra)
    {
        var process = HostProcess.Start(World.Environment(serviceName), [mode, .. FastArgs, .. extra]);
        _processes.Add(process);
        return process;
    }

    private async Task<PipelineState> ReadAsync(bool throwOnFailure = true)
    {
        var all = await Ayon.GetEventsAsync(null, CancellationToken.None);
        var leeched = all.Where(e => e.Topic == "ftrack.leech").ToList();
        var procJobs = all.Where(e => e.Topic == "ftrack.proc" && e.DependsOn is not null).ToLookup(e => e.DependsOn!, StringComparer.Ordinal);
        var syncJobs = all.Where(e => e.Topic == "ftrack.sync" && e.DependsOn is not null).ToLookup(e => e.DependsOn!, StringComparer.Ordinal);
        var failed = all.Where(e => e.Topic is "ftrack.proc" or "ftrack.sync" && e.Status == "failed" && e.Retries > MaxRetries).ToList();
        if (throwOnFailure && failed.Count > 0)
        {
            throw new InvalidOperationException($"{failed.Count} jobs failed for good: {string.Join("; ", failed.Select(f => $"{f.Topic} {f.Id}: {f.Description}"))}\n{await DescribeAsync()}");
        }

        var done = (AyonEventRow j) => j.Status == "finished" || (j.Status == "failed" && j.Retries > MaxRetries);
        var unprocessed = leeched.Where(e => !procJobs[e.Id].Any(done)).Select(e => $"{e.Payload["topic"]} {e.Hash}").ToList();
        var transmitterTopics = Features.Transmit.TransmitModule.SourceTopics.ToHashSet(StringComparer.Ordinal);
        var untransmitted = Transmitter is null
            ? []
            : all.Where(e => transmitterTopics.Contains(e.Topic) && e.SenderType != "ftrack" && e.Status == "finished" && !syncJobs[e.Id].Any(done))
                .Select(e => $"{e.Topic} {e.Id}").ToList();
        var leechedUpdates = leeched.Count(e => e.Payload["topic"]?.GetValue<string>() == "ftrack.update");
        return new PipelineState(leechedUpdates, unprocessed, untransmitted, leechedUpdates == Ftrack.PublishedEventCount && unprocessed.Count == 0 && untransmitted.Count == 0);
    }

    private void SeedConfiguration()
    {
        var ftrack = Ftrack;
        AyonIdConfigurationId = ftrack.AddCustomAttribute("ayon_id", "text", isHierarchical: true, defaultValue: "", config: "{\"markdown\": false}");
        ftrack.AddCustomAttribute("ayon_path", "text", isHierarchical: true, defaultValue: "", config: "{\"markdown\": false}");
        ftrack.AddCustomAttribute("ayon_sync_failed", "boolean", isHierarchical: true, defaultValue: false);
        FpsConfigurationId = ftrack.AddCustomAttribute("fps", "number", isHierarchical: true, config: "{\"isdecimal\": true}");
        FrameStartConfigurationId = ftrack.AddCustomAttribute("frameStart", "number", isHierarchical: true, config: "{\"isdecimal\": false}");
        AutoSyncConfigurationId = ftrack.AddCustomAttribute("auto_sync_enabled", "boolean", entityType: "show", defaultValue: false);
        ProjectId = ftrack.AddProject("e2e", ProjectName);
        JaneFtrackId = ftrack.AddUser("jane.doe@studio.test", email: "jane@studio.test").Id;
    }

    /// <summary>A snapshot of the counters <see cref="CountersAsync"/> reads.</summary>
    public sealed record Counters(int Leeched, int ProcJobs, int SyncJobs, int EntityEvents, long AyonWrites, long FtrackOperations, long FtrackUpdates);

    private sealed record PipelineState(int LeechedUpdates, IReadOnlyList<string> Unprocessed, IReadOnlyList<string> Untransmitted, bool Settled);
}
