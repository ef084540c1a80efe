using System.Text.Json.Nodes;

namespace AyonFtrack.Integration.Tests.Automations;

/// <summary>P-19 through the processor's dispatcher over both emulators, configured as the reference's acceptance test (allow list, Approved → Approved).</summary>
public sealed class TaskToVersionStatusTests
{
    [Fact]
    public async Task Dispatch_SupervisorApprovesTask_LatestRenderVersionApprovedAndChainSettles()
    {
        string[] versions = [];
        await using var world = await StartAsync(w => versions = AddVersions(w));
        await ConfigureAsync(world);
        var supervisor = world.Ftrack.AddUser("supervisor@studio.test", "supervisor-key");

        var events = await world.CommitAndSettleAsync(TaskStatusToParentTests.SetStatus(world, world.Sync.AnimTaskId, "Approved"), asUser: supervisor);

        world.StatusOf("AssetVersion", versions[1]).ShouldBe("Approved"); // v2, the latest render
        world.StatusOf("AssetVersion", versions[0]).ShouldBe("In progress"); // v1 is not the latest
        world.StatusOf("AssetVersion", versions[2]).ShouldBe("In progress"); // a geo version is not in the allow list
        // The version's change comes back: P-21 finds its task already Approved, so nothing else is written. The three
        // events: the supervisor's change, the version's (P-19) and the Shot's (P-18: its only task is Approved).
        world.StatusOf("Task", world.Sync.AnimTaskId).ShouldBe("Approved");
        world.StatusOf("Shot", world.Sync.Shot2Id).ShouldBe("Completed");
        events.ShouldBe(3);
    }

    [Fact]
    public async Task Dispatch_ServiceUserChangesTask_VersionsUntouched()
    {
        string[] versions = [];
        await using var world = await StartAsync(w => versions = AddVersions(w));
        await ConfigureAsync(world);

        await world.CommitAndSettleAsync(TaskStatusToParentTests.SetStatus(world, world.Sync.AnimTaskId, "Approved"));

        world.StatusOf("AssetVersion", versions[1]).ShouldBe("In progress");
    }

    [Fact]
    public async Task Dispatch_DefaultSettings_Inert()
    {
        string[] versions = [];
        await using var world = await StartAsync(w => versions = AddVersions(w));
        var supervisor = world.Ftrack.AddUser("supervisor@studio.test", "supervisor-key");

        await world.CommitAndSettleAsync(TaskStatusToParentTests.SetStatus(world, world.Sync.AnimTaskId, "Approved"), asUser: supervisor);

        versions.Select(v => world.StatusOf("AssetVersion", v)).ShouldAllBe(s => s == "In progress");
    }

    private static Task<AutomationWorld> StartAsync(Action<AutomationWorld> seed) => AutomationWorld.StartAsync(seed);

    /// <summary>animation task: render v1, render v2, geo v3 (all In progress).</summary>
    private static string[] AddVersions(AutomationWorld w)
    {
        var render = w.Ftrack.AddAsset(w.Sync.Shot2Id, "animRender", "render");
        var geo = w.Ftrack.AddAsset(w.Sync.Shot2Id, "animCache", "geo");
        return
        [
            w.Ftrack.AddAssetVersion(render, 1, w.Sync.AnimTaskId, "In progress"),
            w.Ftrack.AddAssetVersion(render, 2, w.Sync.AnimTaskId, "In progress"),
            w.Ftrack.AddAssetVersion(geo, 3, w.Sync.AnimTaskId, "In progress"),
        ];
    }

    private static Task ConfigureAsync(AutomationWorld world) => world.SetProjectSettingsAsync(new JsonObject
    {
        ["service_event_handlers"] = new JsonObject
        {
            ["status_task_to_version"] = new JsonObject
            {
                ["mapping"] = new JsonArray(new JsonObject { ["name"] = "Approved", ["value"] = new JsonArray("Approved") }),
                ["asset_types_filter_type"] = "allow_list",
                ["asset_types"] = new JsonArray("render"),
            },
        },
    });
}
