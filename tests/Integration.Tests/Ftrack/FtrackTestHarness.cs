using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Sandbox.Ftrack;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Integration.Tests.Ftrack;

/// <summary>Collects the events the emulator publishes.</summary>
internal sealed class CollectingEventSink : IFtrackEventSink
{
    private readonly ConcurrentQueue<JsonObject> _events = new();

    public IReadOnlyList<JsonObject> Events => [.. _events];

    /// <summary>Keeps a copy as it would travel: serialised and parsed back.</summary>
    public void Publish(JsonObject ftrackEvent) => _events.Enqueue(JsonNode.Parse(ftrackEvent.ToJsonString())!.AsObject());
}

/// <summary>An emulator on a free loopback port and the product's real session, wired through DI like the host does.</summary>
internal sealed class FtrackTestHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly AsyncServiceScope _scope;

    private FtrackTestHarness(FtrackEmulator emulator, CollectingEventSink sink, ServiceProvider services)
    {
        Emulator = emulator;
        Sink = sink;
        _services = services;
        _scope = services.CreateAsyncScope();
        Session = _scope.ServiceProvider.GetRequiredService<FtrackSession>();
    }

    public FtrackEmulator Emulator { get; }

    public CollectingEventSink Sink { get; }

    public FtrackSession Session { get; }

    public FtrackConnection Connection => _services.GetRequiredService<FtrackConnection>();

    public static async Task<FtrackTestHarness> StartAsync()
    {
        var sink = new CollectingEventSink();
        var emulator = await FtrackEmulator.StartAsync(new FtrackEmulatorOptions { EventSink = sink }, CancellationToken.None);
        var services = new ServiceCollection().AddFtrackClient().BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        services.GetRequiredService<FtrackConnection>().Use(new FtrackCredentials(emulator.BaseUrl, emulator.ApiUser, emulator.ApiKey));
        return new FtrackTestHarness(emulator, sink, services);
    }

    /// <summary>A second session of the same process (new scope, so a fresh change set).</summary>
    public FtrackSession NewSession() => _services.CreateScope().ServiceProvider.GetRequiredService<FtrackSession>();

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}

/// <summary>A small production seeded in the emulator: project, sequence, shots, tasks, assets, versions, custom attributes.</summary>
internal sealed class FtrackWorld
{
    public required string ProjectId { get; init; }
    public required string ProjectSchemaId { get; init; }
    public required string SequenceId { get; init; }
    public required string ShotId { get; init; }
    public required string Shot2Id { get; init; }
    public required string TaskId { get; init; }
    public required string AnimTaskId { get; init; }
    public required string AssetBuildId { get; init; }
    public required string AssetId { get; init; }
    public required string VersionId { get; init; }
    public required string Version2Id { get; init; }
    public required string ComponentId { get; init; }
    public required string ListId { get; init; }
    public required string NoteId { get; init; }
    public required string ArtistId { get; init; }
    public required string AyonIdConfigId { get; init; }
    public required string FrameStartConfigId { get; init; }
    public required string AutoSyncConfigId { get; init; }
    public required string VersionAttrConfigId { get; init; }
    public required string TaskWorkflowId { get; init; }
    public required string TaskTypeId { get; init; }
    public required string Schema1Id { get; init; }
    public required string Schema2Id { get; init; }
    public required string GeoAssetTypeId { get; init; }

    public static FtrackWorld Seed(FtrackEmulator emulator)
    {
        var project = emulator.AddProject("myproj", "MyProject");
        var sequence = emulator.AddSequence(project, "sq01");
        var shot = emulator.AddShot(sequence, "sh010");
        var shot2 = emulator.AddShot(sequence, "sh020");
        var task = emulator.AddTask(shot, "compositing", "Compositing");
        var anim = emulator.AddTask(shot, "animation", "Animation", "In progress");
        emulator.AddTask(shot2, "compositing", "Compositing");
        var assetBuild = emulator.AddAssetBuild(project, "chair");
        var artist = emulator.AddUser("jane.doe@studio.com", firstName: "Jane", lastName: "Doe", email: "artist@studio.com");
        var ayonId = emulator.AddCustomAttribute("ayon_id", "text", isHierarchical: true, defaultValue: "");
        var frameStart = emulator.AddCustomAttribute("fstart", "number", isHierarchical: true, defaultValue: 1001);
        var autoSync = emulator.AddCustomAttribute("auto_sync_enabled", "boolean", "show", defaultValue: false);
        var versionAttr = emulator.AddCustomAttribute("intent", "text", "assetversion", defaultValue: "");
        emulator.SetCustomAttributeValue(ayonId, shot, "ayon-shot-1");
        emulator.SetCustomAttributeValue(frameStart, shot, 1009);
        var asset = emulator.AddAsset(shot, "modelMain", "geo");
        var version = emulator.AddAssetVersion(asset, 1, task);
        var version2 = emulator.AddAssetVersion(asset, null, task);
        var component = emulator.Seed("FileComponent", new JsonObject { ["name"] = "ftrackreview-mp4", ["version_id"] = version, ["file_type"] = ".mp4", ["size"] = 1234 });
        emulator.Seed("ComponentLocation", new JsonObject
        {
            ["component_id"] = component,
            ["location_id"] = FtrackLocationIds.Server,
            ["resource_identifier"] = component,
        });
        emulator.Seed("Appointment", new JsonObject { ["context_id"] = task, ["resource_id"] = artist.Id, ["type"] = "assignment" });
        emulator.Seed("TypedContextLink", new JsonObject { ["from_id"] = anim, ["to_id"] = task });
        var list = emulator.Seed("TypedContextList", new JsonObject { ["name"] = "dailies", ["project_id"] = project, ["is_open"] = true });
        emulator.Seed("ListObject", new JsonObject { ["list_id"] = list, ["entity_id"] = task });
        var note = emulator.AddNote(task, "TypedContext", "Please fix the edge", artist.Id);
        emulator.Seed("Metadata", new JsonObject { ["parent_id"] = note, ["parent_type"] = "Note", ["key"] = "ayon_activity_id", ["value"] = "act-1" });
        emulator.Seed("Job", new JsonObject { ["status"] = "running", ["data"] = "{\"description\": \"Sync\"}" });
        var projectSchema = emulator.QueryLocal($"select project_schema_id from Project where id is \"{project}\"")[0]!["project_schema_id"]!.GetValue<string>();
        var workflow = emulator.QueryLocal($"select task_workflow_schema_id from ProjectSchema where id is \"{projectSchema}\"")[0]!["task_workflow_schema_id"]!.GetValue<string>();
        var schemas = emulator.QueryLocal("select id from Schema").Select(r => r!["id"]!.GetValue<string>()).ToList();
        return new FtrackWorld
        {
            ProjectId = project, ProjectSchemaId = projectSchema, SequenceId = sequence, ShotId = shot, Shot2Id = shot2, TaskId = task,
            AnimTaskId = anim, AssetBuildId = assetBuild, AssetId = asset, VersionId = version, Version2Id = version2,
            ComponentId = component, ListId = list, NoteId = note, ArtistId = artist.Id, AyonIdConfigId = ayonId,
            FrameStartConfigId = frameStart, AutoSyncConfigId = autoSync, VersionAttrConfigId = versionAttr,
            TaskWorkflowId = workflow, TaskTypeId = emulator.TypeId("Compositing"),
            Schema1Id = schemas[0], Schema2Id = schemas[1],
            GeoAssetTypeId = emulator.QueryLocal("select id from AssetType where short is geo")[0]!["id"]!.GetValue<string>(),
        };
    }

    public string Fill(string template) => template
        .Replace("<p>", ProjectId, StringComparison.Ordinal)
        .Replace("<p1>", ProjectId, StringComparison.Ordinal)
        .Replace("<p2>", SequenceId, StringComparison.Ordinal)
        .Replace("<ps>", ProjectSchemaId, StringComparison.Ordinal)
        .Replace("<shot>", ShotId, StringComparison.Ordinal)
        .Replace("<sq>", SequenceId, StringComparison.Ordinal)
        .Replace("<t>", TaskId, StringComparison.Ordinal)
        .Replace("<anim>", AnimTaskId, StringComparison.Ordinal)
        .Replace("<as>", AssetId, StringComparison.Ordinal)
        .Replace("<v>", VersionId, StringComparison.Ordinal)
        .Replace("<l>", ListId, StringComparison.Ordinal)
        .Replace("<n>", NoteId, StringComparison.Ordinal)
        .Replace("<wf>", TaskWorkflowId, StringComparison.Ordinal)
        .Replace("<type>", TaskTypeId, StringComparison.Ordinal)
        .Replace("<c_ayon>", AyonIdConfigId, StringComparison.Ordinal)
        .Replace("<c_fstart>", FrameStartConfigId, StringComparison.Ordinal)
        .Replace("<artist>", ArtistId, StringComparison.Ordinal)
        .Replace("<s1>", Schema1Id, StringComparison.Ordinal)
        .Replace("<s2>", Schema2Id, StringComparison.Ordinal)
        .Replace("<at>", GeoAssetTypeId, StringComparison.Ordinal);
}
