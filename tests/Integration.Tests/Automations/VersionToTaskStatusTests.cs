using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Integration.Tests.Automations;

/// <summary>P-21 through the processor's dispatcher over both emulators.</summary>
public sealed class VersionToTaskStatusTests
{
    [Fact]
    public async Task Dispatch_VersionPendingReview_TaskPendingReviewShotInProgressAndSettles()
    {
        string version = "";
        await using var world = await AutomationWorld.StartAsync(w => version = AddVersion(w));

        var events = await world.CommitAndSettleAsync(SetVersionStatus(world, version, "Pending Review"));

        world.StatusOf("Task", world.Sync.AnimTaskId).ShouldBe("Pending Review");
        // P-18 follows the task's change: a task in review puts its Shot in progress; the Shot's change ends the chain.
        world.StatusOf("Shot", world.Sync.Shot2Id).ShouldBe("In progress");
        events.ShouldBe(3);
    }

    [Fact]
    public async Task Dispatch_TaskTypeWithOverrideWorkflow_FirstMappedStatusOfTheOverrideWins()
    {
        string version = "";
        await using var world = await AutomationWorld.StartAsync(w =>
        {
            version = AddVersion(w);
            // Animation tasks follow their own workflow: Not started and On Hold only.
            var workflow = w.Ftrack.Seed("WorkflowSchema", new JsonObject { ["name"] = "Animation workflow" });
            foreach (var status in new[] { "Not started", "On Hold" })
            {
                w.Ftrack.Seed("WorkflowSchemaStatus", new JsonObject { ["workflow_schema_id"] = workflow, ["status_id"] = w.Ftrack.StatusId(status) });
            }

            w.Ftrack.Seed("ProjectSchemaOverride", new JsonObject
            {
                ["project_schema_id"] = FtrackSeedIds.DefaultProjectSchemaId(w), ["type_id"] = w.Ftrack.TypeId("Animation"), ["workflow_schema_id"] = workflow,
            });
        });
        await world.SetProjectSettingsAsync(new JsonObject
        {
            ["service_event_handlers"] = new JsonObject
            {
                ["status_version_to_task"] = new JsonObject
                {
                    ["mapping"] = new JsonArray(new JsonObject { ["name"] = "Pending Review", ["value"] = new JsonArray("Retake", "On Hold") }),
                },
            },
        });

        await world.CommitAndSettleAsync(SetVersionStatus(world, version, "Pending Review"));

        // Retake is in the project's task workflow but not in the Animation override; On Hold is.
        world.StatusOf("Task", world.Sync.AnimTaskId).ShouldBe("On Hold");
    }

    [Fact]
    public async Task Dispatch_AssetTypeDenied_TaskUnchanged()
    {
        string version = "";
        await using var world = await AutomationWorld.StartAsync(w => version = AddVersion(w));
        await world.SetProjectSettingsAsync(new JsonObject
        {
            ["service_event_handlers"] = new JsonObject { ["status_version_to_task"] = new JsonObject { ["asset_types"] = new JsonArray("render") } },
        });

        var events = await world.CommitAndSettleAsync(SetVersionStatus(world, version, "Pending Review"));

        world.StatusOf("Task", world.Sync.AnimTaskId).ShouldBe("Not started");
        events.ShouldBe(1);
    }

    private static string AddVersion(AutomationWorld w) =>
        w.Ftrack.AddAssetVersion(w.Ftrack.AddAsset(w.Sync.Shot2Id, "animMain", "render"), 1, w.Sync.AnimTaskId, "In progress");

    private static Action<FtrackSession> SetVersionStatus(AutomationWorld world, string versionId, string status) =>
        s => s.Update(FtrackEntityRef.Of("AssetVersion", versionId), new Dictionary<string, object?> { ["status_id"] = world.Ftrack.StatusId(status) });
}

/// <summary>The default project schema's id, read from the emulator.</summary>
internal static class FtrackSeedIds
{
    public static string DefaultProjectSchemaId(AutomationWorld world) =>
        world.Ftrack.QueryLocal($"select project_schema_id from Project where id is \"{world.Sync.ProjectId}\"").Single()!["project_schema_id"]!.GetValue<string>();
}
