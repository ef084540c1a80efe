using AyonFtrack.Features.Automations;
using AyonFtrack.Server.Settings;
using static AyonFtrack.Features.Tests.Automations.AutomationStates;

namespace AyonFtrack.Features.Tests.Automations;

public sealed class TaskStatusToParentTests
{
    private static readonly StatusTaskToParentSettings Defaults = FtrackSettings.Defaults.ServiceEventHandlers.StatusTaskToParent;

    private static StatusDecision Decide(ContextRow parent, ContextRow[] tasks, string[] changed, StatusTaskToParentSettings? settings = null) =>
        TaskStatusToParent.Decide(settings ?? Defaults, ObjectTypes, [parent], tasks, changed, Catalog());

    [Fact]
    public void From_TaskStatusChanged_OneChangeWithItsParent()
    {
        var command = TaskStatusToParent.From(Update(Item("task", "Task", "t1", "sh1", InProgress.Id, Approved.Id)));

        command.ShouldNotBeNull();
        command.Changes.ShouldBe([new TaskStatusToParent.Change(Project, "t1", "sh1")]);
    }

    [Fact]
    public void From_NewTaskOrVersionOrNameChange_Null()
    {
        TaskStatusToParent.From(Update(Item("task", "Task", "t1", "sh1", null, Approved.Id, "add"))).ShouldBeNull();
        TaskStatusToParent.From(Update(Item("assetversion", "AssetVersion", "v1", "a1", InProgress.Id, Approved.Id))).ShouldBeNull();
        var rename = Item("task", "Task", "t1", "sh1", null, null);
        rename["changes"] = new System.Text.Json.Nodes.JsonObject { ["name"] = new System.Text.Json.Nodes.JsonObject { ["old"] = "a", ["new"] = "b" } };
        TaskStatusToParent.From(Update(rename)).ShouldBeNull();
    }

    [Fact]
    public void Decide_AllTasksApprovedOrOmitted_ShotCompleted()
    {
        var decision = Decide(Shot("sh1", InProgress), [Task("t1", "sh1", Modeling, Approved), Task("t2", "sh1", Texture, Omitted)], ["t1"]);

        decision.Writes.ShouldBe([new StatusWrite("Shot", "sh1", "seq/sh1", Completed.Id, "Completed")]);
    }

    [Fact]
    public void Decide_OneTaskRetake_ShotInProgressBySingleMatch()
    {
        var decision = Decide(Shot("sh1", Completed), [Task("t1", "sh1", Modeling, Retake), Task("t2", "sh1", Texture, Approved)], ["t1"]);

        decision.Writes.Single().StatusName.ShouldBe("In Progress");
    }

    [Fact]
    public void Decide_SingleMatchOnlyLooksAtChangedTasks()
    {
        // t2 is In Progress but did not change; the changed t1 is Approved and no all-match item fits: nothing.
        var decision = Decide(Shot("sh1", Completed), [Task("t1", "sh1", Modeling, Approved), Task("t2", "sh1", Texture, InProgress)], ["t1"]);

        decision.Writes.ShouldBeEmpty();
    }

    [Fact]
    public void Decide_EarliestSingleMatchItemWins()
    {
        var settings = Defaults with
        {
            ParentStatusMatchAllTaskStatuses = [],
            ParentStatusByTaskStatus =
            [
                new ParentStatusByTaskStatus { NewStatus = "On Hold", TaskStatuses = ["retake"] },
                new ParentStatusByTaskStatus { NewStatus = "In Progress", TaskStatuses = ["in progress", "retake"] },
            ],
        };

        var decision = Decide(Shot("sh1", Ready), [Task("t1", "sh1", Modeling, InProgress), Task("t2", "sh1", Texture, Retake)], ["t1", "t2"], settings);

        decision.Writes.Single().StatusName.ShouldBe("On Hold");
    }

    [Fact]
    public void Decide_StatusAlreadySet_NoWrite()
    {
        Decide(Shot("sh1", Completed), [Task("t1", "sh1", Modeling, Approved)], ["t1"]).Writes.ShouldBeEmpty();
    }

    [Fact]
    public void Decide_ParentTypeNotListed_NoWrite()
    {
        var sequence = new ContextRow("sq1", "Sequence", "sq1", "proj-1", SequenceType, null, InProgress.Id, "sq1");

        TaskStatusToParent.Decide(Defaults, ObjectTypes, [sequence], [Task("t1", "sq1", Modeling, Approved)], ["t1"], Catalog()).Writes.ShouldBeEmpty();
    }

    [Fact]
    public void Decide_ObjectTypeWithoutAnyTargetStatus_LeftAlone()
    {
        // Asset Builds offer neither Completed nor In Progress in this schema.
        var build = new ContextRow("ab1", "AssetBuild", "hero", "f1", AssetBuildType, null, NotReady.Id, "assets/hero");

        var decision = TaskStatusToParent.Decide(Defaults, ObjectTypes, [build], [Task("t1", "ab1", Modeling, Approved)], ["t1"], Catalog());

        decision.Writes.ShouldBeEmpty();
        decision.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void Decide_AllMatchStatusNotInSchema_NotedAndSkipped()
    {
        var settings = Defaults with { ParentStatusMatchAllTaskStatuses = [new NameValues { Name = "Final", Value = ["approved"] }] };

        var decision = Decide(Shot("sh1", InProgress), [Task("t1", "sh1", Modeling, Approved)], ["t1"], settings);

        decision.Writes.ShouldBeEmpty();
        decision.Notes.Single().ShouldContain("\"final\" is not available");
    }

    [Fact]
    public void Decide_UnknownObjectTypeInSettings_Noted()
    {
        var settings = Defaults with { ParentObjectTypes = ["Shot", "Planet"] };

        var decision = Decide(Shot("sh1", InProgress), [Task("t1", "sh1", Modeling, Approved)], ["t1"], settings);

        decision.Notes.ShouldBe(["Unknown object type \"Planet\" in status_task_to_parent.parent_object_types."]);
        decision.Writes.Single().StatusName.ShouldBe("Completed");
    }

    [Fact]
    public void Decide_ChangedShotItself_OnlyAllMatchOverItsParentsTasks()
    {
        // A changed Shot under a listed parent takes part through all-match only (it is no task of that parent).
        var decision = Decide(Shot("sh1", Completed), [Task("t1", "sh1", Modeling, InProgress)], ["sh0"]);

        decision.Writes.ShouldBeEmpty();
    }
}
