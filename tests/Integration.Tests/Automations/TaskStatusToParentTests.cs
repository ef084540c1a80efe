using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Integration.Tests.Automations;

/// <summary>P-18 through the processor's dispatcher over both emulators, with the addon's default settings.</summary>
public sealed class TaskStatusToParentTests
{
    [Fact]
    public async Task Dispatch_LastTaskApprovedThenRetake_ShotCompletedThenInProgressAndSettles()
    {
        await using var world = await StartAsync();
        var shot = world.Sync.Shot1Id;

        var events = await world.CommitAndSettleAsync(SetStatus(world, world.Sync.CompTaskId, "Approved"));

        world.StatusOf("Shot", shot).ShouldBe("Completed");
        events.ShouldBe(2); // the task's change, then the Shot's own change, which changes nothing more

        await world.CommitAndSettleAsync(SetStatus(world, world.Sync.CompTaskId, "Retake"));

        world.StatusOf("Shot", shot).ShouldBe("In progress");
    }

    [Fact]
    public async Task Dispatch_TaskStillInReview_ShotUnchanged()
    {
        await using var world = await StartAsync();

        var events = await world.CommitAndSettleAsync(SetStatus(world, world.Sync.CompTaskId, "On Hold"));

        world.StatusOf("Shot", world.Sync.Shot1Id).ShouldBe("In progress");
        events.ShouldBe(1);
    }

    [Fact]
    public async Task Dispatch_HandlerDisabledForProject_ShotUnchanged()
    {
        await using var world = await StartAsync();
        await world.SetProjectSettingsAsync(new JsonObject
        {
            ["service_event_handlers"] = new JsonObject { ["status_task_to_parent"] = new JsonObject { ["enabled"] = false } },
        });

        await world.CommitAndSettleAsync(SetStatus(world, world.Sync.CompTaskId, "Approved"));

        world.StatusOf("Shot", world.Sync.Shot1Id).ShouldBe("In progress");
    }

    [Fact]
    public async Task Dispatch_FtrackDisabledForProject_ShotUnchanged()
    {
        await using var world = await StartAsync();
        await world.SetProjectSettingsAsync(new JsonObject { ["enabled"] = false });

        await world.CommitAndSettleAsync(SetStatus(world, world.Sync.CompTaskId, "Approved"));

        world.StatusOf("Shot", world.Sync.Shot1Id).ShouldBe("In progress");
    }

    [Fact]
    public async Task Dispatch_AyonProjectMissing_ShotUnchanged()
    {
        await using var world = await StartAsync(synced: false);

        await world.CommitAndSettleAsync(SetStatus(world, world.Sync.CompTaskId, "Approved"));

        world.StatusOf("Shot", world.Sync.Shot1Id).ShouldBe("In progress");
    }

    internal static Action<FtrackSession> SetStatus(AutomationWorld world, string taskId, string status) =>
        s => s.Update(FtrackEntityRef.Of("Task", taskId), new Dictionary<string, object?> { ["status_id"] = world.Ftrack.StatusId(status) });

    /// <summary>sh010 holds compositing (Pending Review), lighting (Approved) and fx (Omitted).</summary>
    private static Task<AutomationWorld> StartAsync(bool synced = true) => AutomationWorld.StartAsync(w =>
    {
        w.Ftrack.AddTask(w.Sync.Shot1Id, "lighting", "Lighting", "Approved");
        w.Ftrack.AddTask(w.Sync.Shot1Id, "fx", "FX", "Omitted");
    }, synced);
}
