using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Sync;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Server.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Integration.Tests.Sync;

/// <summary>
/// Both emulators (through <see cref="ServiceWorld"/>) with a small show built in ftrack, and the product's real
/// clients wired as the processor wires them (AYON writes carry <c>x-sender-type: ftrack</c>).
/// </summary>
internal sealed class SyncWorld : IAsyncDisposable
{
    public const string ProjectName = "demo_show";

    private readonly ServiceProvider _services;

    private SyncWorld(ServiceWorld world, ServiceProvider services)
    {
        World = world;
        _services = services;
    }

    public ServiceWorld World { get; }

    public IServiceProvider Services => _services;

    /// <summary>The <c>ftrack.update</c> events the ftrack emulator published for committed requests, in order.</summary>
    public UpdateCollector Updates { get; private init; } = new();

    public string ProjectId { get; private set; } = "";

    public string SequenceId { get; private set; } = "";

    public string Shot1Id { get; private set; } = "";

    public string Shot2Id { get; private set; } = "";

    public string AssetsFolderId { get; private set; } = "";

    public string AssetId { get; private set; } = "";

    public string CompTaskId { get; private set; } = "";

    public string AnimTaskId { get; private set; } = "";

    public string ModelTaskId { get; private set; } = "";

    public string FpsConfigurationId { get; private set; } = "";

    public string FrameStartConfigurationId { get; private set; } = "";

    public string AyonIdConfigurationId { get; private set; } = "";

    public string ArtistId { get; private set; } = "";

    public static AttributesMappingSettings Mapping { get; } = new()
    {
        Enabled = true,
        Mapping =
        [
            new AttributeMappingItem { Name = "fps", AttrType = "hierarchical", Hierarchical = "fps" },
            new AttributeMappingItem { Name = "frameStart", AttrType = "hierarchical", Hierarchical = "frameStart" },
        ],
    };

    public static async Task<SyncWorld> StartAsync(RemovedEntityPolicy policy = RemovedEntityPolicy.Delete, string? syncLinkType = null, IReadOnlyList<ISliceModule>? extraModules = null)
    {
        var events = new UpdateCollector();
        var world = await ServiceWorld.StartAsync(ftrackEvents: events);
        try
        {
            await world.Ayon.SetAddonSettingsAsync("ftrack", ServiceWorld.AddonVersion, "production", new JsonObject
            {
                ["ftrack_server"] = world.Ftrack.BaseUrl.GetLeftPart(UriPartial.Authority),
                ["service_settings"] = new JsonObject { ["username"] = ServiceWorld.UsernameSecret, ["api_key"] = ServiceWorld.ApiKeySecret },
                ["service_event_handlers"] = new JsonObject
                {
                    ["sync_from_ftrack"] = new JsonObject { ["sync_link_type"] = syncLinkType ?? "< Skip >" },
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

            var values = new Dictionary<string, string?>
            {
                ["Ayon:ServerUrl"] = world.Ayon.BaseUrl.ToString(),
                ["Ayon:ApiKey"] = world.Ayon.ServiceApiKey,
                ["Ayon:AddonName"] = "ftrack",
                ["Ayon:AddonVersion"] = ServiceWorld.AddonVersion,
                ["Ayon:ServiceName"] = "ftrack-processor",
                ["Ayon:Variant"] = "production",
                ["Ayon:SenderType"] = "ftrack",
                ["Ayon:TimeoutSeconds"] = "30",
                ["Sync:RemovedEntityPolicy"] = policy.ToString(),
            };
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
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
            services.AddSlicePipeline(HostMode.Processor, [new SyncModule(), .. extraModules ?? []]);
            var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            provider.GetRequiredService<FtrackConnection>().Use(new FtrackCredentials(world.Ftrack.BaseUrl, world.Ftrack.ApiUser, world.Ftrack.ApiKey));
            var sync = new SyncWorld(world, provider) { Updates = events };
            sync.SeedShow();
            return sync;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh scope's ftrack session, AYON client and full sync.</summary>
    public (FtrackSession Session, IAyonApi Ayon, ProjectSync Sync, AsyncServiceScope Scope) Scope()
    {
        var scope = _services.CreateAsyncScope();
        return (scope.ServiceProvider.GetRequiredService<FtrackSession>(), scope.ServiceProvider.GetRequiredService<IAyonApi>(), scope.ServiceProvider.GetRequiredService<ProjectSync>(), scope);
    }

    public async Task<ProjectSyncResult> FullSyncAsync()
    {
        var (_, _, sync, scope) = Scope();
        await using (scope)
        {
            return await sync.RunAsync(ProjectName, CancellationToken.None);
        }
    }

    public async Task<IReadOnlyList<DriftItem>> DriftAsync()
    {
        var (session, ayon, _, scope) = Scope();
        await using (scope)
        {
            return await DriftReport.CompareAsync(session, ayon, ProjectName, Mapping, CancellationToken.None);
        }
    }

    /// <summary>Runs an <c>ftrack.update</c> event through the processor's Sync routes (each slice in its own scope, priority order).</summary>
    public Task<DispatchReport> DispatchAsync(params JsonObject[] entities) =>
        _services.GetRequiredService<SliceDispatcher>().DispatchAsync(
            "ftrack.update",
            FtrackEvent.Create(Guid.NewGuid().ToString("N"), "ftrack.update", new JsonObject { ["entities"] = new JsonArray([.. entities.Select(e => e.DeepClone())]) }),
            CancellationToken.None);

    /// <summary>A change item in ftrack-protocol.md §4.2's shape; <paramref name="chain"/> lists (id, concrete type) from the entity's parent up to below the project.</summary>
    public JsonObject Item(string action, string id, string concrete, string? parentId, JsonObject changes, params (string Id, string Concrete)[] chain)
    {
        var legacy = concrete switch { "Appointment" => "appointment", "Project" => "show", _ => "task" };
        var parents = new JsonArray(new JsonObject { ["entityId"] = id, ["entityType"] = legacy, ["entity_type"] = concrete, ["parentId"] = parentId });
        foreach (var (parent, type) in chain)
        {
            parents.Add(new JsonObject { ["entityId"] = parent, ["entityType"] = "task", ["entity_type"] = type });
        }

        parents.Add(new JsonObject { ["entityId"] = ProjectId, ["entityType"] = "show", ["entity_type"] = "Project", ["parentId"] = null });
        return new JsonObject
        {
            ["action"] = action, ["entityId"] = id, ["entityType"] = legacy, ["entity_type"] = concrete, ["parentId"] = parentId,
            ["keys"] = new JsonArray([.. changes.Select(p => (JsonNode?)p.Key)]), ["changes"] = changes, ["parents"] = parents,
        };
    }

    public static JsonObject Change(string key, JsonNode? oldValue, JsonNode? newValue) => new() { [key] = new JsonObject { ["old"] = oldValue, ["new"] = newValue } };

    public long AyonWrites =>
        World.Ayon.RequestCount("POST", "/api/projects") + World.Ayon.RequestCount("PATCH", "/api") + World.Ayon.RequestCount("PUT", "/api") + World.Ayon.RequestCount("DELETE", "/api");

    /// <summary>Commits ftrack changes through the product's session (as a user in the web UI would).</summary>
    public async Task CommitAsync(Action<FtrackSession> change)
    {
        var (session, _, _, scope) = Scope();
        await using (scope)
        {
            change(session);
            await session.CommitAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Commits through the product's session, then dispatches the change items of the <c>ftrack.update</c> events the
    /// emulator published for that commit (as the leecher would have stored them); returns them with the report.
    /// </summary>
    public async Task<(JsonObject[] Entities, DispatchReport Report)> CommitAndDispatchAsync(Action<FtrackSession> change)
    {
        var entities = await CommitAndCaptureAsync(change);
        return (entities, await DispatchAsync(entities));
    }

    /// <summary>
    /// Commits through the product's session and returns the change items of the <c>ftrack.update</c> events the emulator
    /// published for it, without dispatching them (as events the leecher stored while the processor was down).
    /// </summary>
    public async Task<JsonObject[]> CommitAndCaptureAsync(Action<FtrackSession> change)
    {
        var before = Updates.Snapshot().Count;
        await CommitAsync(change);
        var published = Updates.Snapshot().Skip(before).Where(e => (string?)e["topic"] == "ftrack.update").ToList();
        var entities = published.SelectMany(e => e["data"]?["entities"]?.AsArray() ?? []).OfType<JsonObject>().ToArray();
        entities.ShouldNotBeEmpty();
        return entities;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await World.DisposeAsync();
    }

    private void SeedShow()
    {
        var ftrack = World.Ftrack;
        AyonIdConfigurationId = ftrack.AddCustomAttribute("ayon_id", "text", isHierarchical: true, defaultValue: "", config: "{\"markdown\": false}");
        ftrack.AddCustomAttribute("ayon_path", "text", isHierarchical: true, defaultValue: "", config: "{\"markdown\": false}");
        ftrack.AddCustomAttribute("ayon_sync_failed", "boolean", isHierarchical: true, defaultValue: false);
        FpsConfigurationId = ftrack.AddCustomAttribute("fps", "number", isHierarchical: true, config: "{\"isdecimal\": true}");
        FrameStartConfigurationId = ftrack.AddCustomAttribute("frameStart", "number", isHierarchical: true, config: "{\"isdecimal\": false}");

        var autoSync = ftrack.AddCustomAttribute("auto_sync_enabled", "boolean", entityType: "show", defaultValue: false);
        ProjectId = ftrack.AddProject("ds", ProjectName);
        ftrack.SetCustomAttributeValue(autoSync, ProjectId, true);
        ftrack.SetCustomAttributeValue(FpsConfigurationId, ProjectId, 25.0);
        SequenceId = ftrack.AddSequence(ProjectId, "sq01");
        Shot1Id = ftrack.AddShot(SequenceId, "sh010", statusName: "In progress");
        Shot2Id = ftrack.AddShot(SequenceId, "sh-020");
        ftrack.SetCustomAttributeValue(FrameStartConfigurationId, Shot1Id, 1001);
        ftrack.SetCustomAttributeValue(FpsConfigurationId, Shot2Id, 23.976);
        CompTaskId = ftrack.AddTask(Shot1Id, "compositing", "Compositing", "Pending Review");
        AnimTaskId = ftrack.AddTask(Shot2Id, "animation", "Animation");
        AssetsFolderId = ftrack.AddFolder(ProjectId, "Assets");
        AssetId = ftrack.AddAssetBuild(AssetsFolderId, "Hero Char");
        ModelTaskId = ftrack.AddTask(AssetId, "modeling", "Modeling");
        ArtistId = ftrack.AddUser("jane.doe@studio.test", email: "jane@studio.test").Id;
        ftrack.Seed("Appointment", new JsonObject { ["type"] = "assignment", ["resource_id"] = ArtistId, ["context_id"] = CompTaskId });
    }
}

/// <summary>Collects the ftrack emulator's published events (thread-safe).</summary>
internal sealed class UpdateCollector : AyonFtrack.Sandbox.Ftrack.IFtrackEventSink
{
    private readonly List<JsonObject> _events = [];

    public void Publish(JsonObject ftrackEvent)
    {
        lock (_events)
        {
            _events.Add((JsonObject)ftrackEvent.DeepClone());
        }
    }

    /// <summary>The events published so far.</summary>
    public IReadOnlyList<JsonObject> Snapshot()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }
}
