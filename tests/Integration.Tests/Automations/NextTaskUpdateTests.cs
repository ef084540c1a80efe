using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Integration.Tests.Automations;

/// <summary>P-14 through the processor's dispatcher over both emulators, with the addon's default settings (Not Ready → Ready, type sorting).</summary>
public sealed class NextTaskUpdateTests
{
    [Fact]
    public async Task Dispatch_ModelingDone_TexturingReadyAndSettles()
    {
        string texturing = "";
        await using var world = await AutomationWorld.StartAsync(w => texturing = w.Ftrack.AddTask(w.Sync.AssetId, "texturing", "Texture", "Not Ready"));

        var events = await world.CommitAndSettleAsync(TaskStatusToParentTests.SetStatus(world, world.Sync.ModelTaskId, "Approved"));

        world.StatusOf("Task", texturing).ShouldBe("Ready");
        events.ShouldBe(2); // the modeling change, then texturing's own change, which moves nothing further
    }

    [Fact]
    public async Task Dispatch_TwoShotsModelingDoneInOneCommit_BothTexturingTasksReady()
    {
        var modeling = new string[2];
        var texturing = new string[2];
        await using var world = await AutomationWorld.StartAsync(w =>
        {
            string[] shots = [w.Sync.Shot1Id, w.Sync.Shot2Id];
            for (var i = 0; i < 2; i++)
            {
                modeling[i] = w.Ftrack.AddTask(shots[i], "modeling", "Modeling", "In progress");
                texturing[i] = w.Ftrack.AddTask(shots[i], "texturing", "Texture", "Not Ready");
            }
        });

        await world.CommitAndSettleAsync(s =>
        {
            foreach (var task in modeling)
            {
                s.Update(FtrackEntityRef.Of("Task", task), new Dictionary<string, object?> { ["status_id"] = world.Ftrack.StatusId("Approved") });
            }
        });

        // The original applied only the last parent's next tasks; every parent's are applied here.
        texturing.Select(t => world.StatusOf("Task", t)).ShouldBe(["Ready", "Ready"]);
    }

    [Fact]
    public async Task Dispatch_NameSorting_NextTaskByNameWithinTheType()
    {
        string second = "", texturing = "";
        await using var world = await AutomationWorld.StartAsync(w =>
        {
            second = w.Ftrack.AddTask(w.Sync.AssetId, "modeling_b", "Modeling", "Not Ready");
            texturing = w.Ftrack.AddTask(w.Sync.AssetId, "texturing", "Texture", "Not Ready");
        });
        await world.SetProjectSettingsAsync(new JsonObject
        {
            ["service_event_handlers"] = new JsonObject { ["next_task_update"] = new JsonObject { ["name_sorting"] = true } },
        });

        await world.CommitAndSettleAsync(TaskStatusToParentTests.SetStatus(world, world.Sync.ModelTaskId, "Approved"));

        // "modeling" is done: the next task by type then name is "modeling_b"; with type sorting nothing would move yet.
        world.StatusOf("Task", second).ShouldBe("Ready");
        world.StatusOf("Task", texturing).ShouldBe("Not Ready");
    }

    [Fact]
    public async Task Dispatch_ModelingOnlyInReview_TexturingStaysNotReady()
    {
        string texturing = "";
        await using var world = await AutomationWorld.StartAsync(w => texturing = w.Ftrack.AddTask(w.Sync.AssetId, "texturing", "Texture", "Not Ready"));

        await world.CommitAndSettleAsync(TaskStatusToParentTests.SetStatus(world, world.Sync.ModelTaskId, "Pending Review"));

        world.StatusOf("Task", texturing).ShouldBe("Not Ready");
    }
}
