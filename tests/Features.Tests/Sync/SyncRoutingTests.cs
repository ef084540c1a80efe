using System.Text.Json.Nodes;
using AyonFtrack.Features.Sync;
using AyonFtrack.Features.Sync.Planning;

namespace AyonFtrack.Features.Tests.Sync;

/// <summary><c>From</c> of the incremental sync (which steps an event asks for) and of the toggle, on hand-written <c>ftrack.update</c> payloads.</summary>
public sealed class SyncRoutingTests
{
    [Fact]
    public void From_ShotRenamed_OnlyTheFolderStep()
    {
        var e = SyncEvents.Update(SyncEvents.ShotItem("update", SyncEvents.Change("name", "sh010", "sh010A")));

        var command = AutoSyncFromFtrack.From(e)!;
        command.ProjectId.ShouldBe(SyncEvents.Project);
        command.Changes.FolderMoves.ShouldBe([new ChangedEntity(SyncEvents.Shot, 3)]);
        command.Changes.TaskMoves.ShouldBeEmpty();
        command.Changes.Attributes.ShouldBeEmpty();
        command.Changes.Creations.ShouldBeEmpty();
        command.Changes.Removals.ShouldBeEmpty();
        command.Changes.Assignees.ShouldBeEmpty();
        command.Changes.AutoSync.ShouldBeNull();
        command.Changes.Lists.ShouldBeEmpty();
    }

    [Fact]
    public void From_TaskMoved_OnlyTheTaskStep()
    {
        var e = SyncEvents.Update(SyncEvents.TaskItem("move", SyncEvents.Change("parent_id", "sh-0", SyncEvents.Shot)));

        var changes = AutoSyncFromFtrack.From(e)!.Changes;
        changes.TaskMoves.Select(x => x.FtrackId).ShouldBe([SyncEvents.Task]);
        changes.FolderMoves.ShouldBeEmpty();
        changes.Attributes.ShouldBeEmpty();
    }

    [Fact]
    public void From_StatusAndHierarchicalAttribute_OnlyTheAttributeStep()
    {
        var changes = SyncEvents.Change("statusid", "a", "b");
        changes["frameStart"] = new JsonObject { ["old"] = "1001", ["new"] = "1009" };
        var e = SyncEvents.Update(SyncEvents.ShotItem("update", changes));

        var command = AutoSyncFromFtrack.From(e)!;
        command.ProjectId.ShouldBe(SyncEvents.Project);
        command.Changes.Attributes.ShouldBe([new ChangedEntity(SyncEvents.Shot, 3)]);
        command.Changes.FolderMoves.ShouldBeEmpty();
    }

    [Fact]
    public void From_ThumbnailOrPriorityOnly_NoStep()
    {
        var changes = SyncEvents.Change("thumbid", "a", "b");
        changes["priorityid"] = new JsonObject { ["old"] = "x", ["new"] = "y" };
        var e = SyncEvents.Update(SyncEvents.ShotItem("update", changes));

        AutoSyncFromFtrack.From(e).ShouldBeNull();
    }

    [Fact]
    public void From_AddAndRemove_CreationAndRemovalStepsWithDepth()
    {
        var e = SyncEvents.Update(
            SyncEvents.TaskItem("remove", SyncEvents.Change("name", "comp", null)),
            SyncEvents.ShotItem("add", SyncEvents.Change("name", null, "sh020")));

        var changes = AutoSyncFromFtrack.From(e)!.Changes;
        changes.Removals.ShouldBe([new ChangedEntity(SyncEvents.Task, 4)]);
        changes.Creations.ShouldBe([new ChangedEntity(SyncEvents.Shot, 3)]);
    }

    [Fact]
    public void From_Milestone_Ignored()
    {
        var e = SyncEvents.Update(SyncEvents.Item("add", "m-1", "task", "Milestone", SyncEvents.Project, SyncEvents.Change("name", null, "m1")));

        AutoSyncFromFtrack.From(e).ShouldBeNull();
    }

    [Fact]
    public void From_AssignmentAppointment_AssigneeStepOnTask()
    {
        var changes = SyncEvents.Change("type", null, "assignment");
        changes["resource_id"] = new JsonObject { ["old"] = null, ["new"] = "u-1" };
        changes["context_id"] = new JsonObject { ["old"] = null, ["new"] = SyncEvents.Task };
        var e = SyncEvents.Update(SyncEvents.Item("add", "ap-1", "appointment", "Appointment", SyncEvents.Task, changes,
            (SyncEvents.Task, "task", "Task", SyncEvents.Shot), (SyncEvents.Shot, "task", "Shot", SyncEvents.Sequence), (SyncEvents.Sequence, "task", "Sequence", SyncEvents.Project)));

        var steps = AutoSyncFromFtrack.From(e)!.Changes;
        steps.Assignees.Select(x => x.FtrackId).ShouldBe([SyncEvents.Task]);
        steps.Creations.ShouldBeEmpty();
    }

    [Fact]
    public void From_AllocationAppointment_NotAnAssignee()
    {
        var changes = SyncEvents.Change("type", null, "allocation");
        changes["context_id"] = new JsonObject { ["old"] = null, ["new"] = SyncEvents.Task };
        var e = SyncEvents.Update(SyncEvents.Item("add", "ap-1", "appointment", "Appointment", SyncEvents.Task, changes));

        AutoSyncFromFtrack.From(e).ShouldBeNull();
    }

    [Theory]
    [InlineData("0", "1", true)]
    [InlineData("1", "0", false)]
    public void From_AutoSyncToggle_TheToggleStepOnOrOff(string oldValue, string newValue, bool expected)
    {
        var e = SyncEvents.Update(new JsonObject
        {
            ["action"] = "update", ["entityId"] = SyncEvents.Project, ["entityType"] = "show", ["entity_type"] = "Project",
            ["changes"] = SyncEvents.Change("auto_sync_enabled", oldValue, newValue),
        });

        var command = AutoSyncFromFtrack.From(e).ShouldNotBeNull();
        command.ProjectId.ShouldBe(SyncEvents.Project);
        command.Changes.AutoSync.ShouldBe(expected);
        command.Changes.Project.ShouldBeFalse();
    }

    [Fact]
    public void From_AutoSyncTurnedOnWithAShotRename_TheToggleAndTheRenameBothSeen()
    {
        // The handler stops after the toggle (the original syncs nothing else of such an event); From keeps both.
        var e = SyncEvents.Update(
            new JsonObject
            {
                ["action"] = "update", ["entityId"] = SyncEvents.Project, ["entityType"] = "show", ["entity_type"] = "Project",
                ["changes"] = SyncEvents.Change("auto_sync_enabled", "0", "1"),
            },
            SyncEvents.ShotItem("update", SyncEvents.Change("name", "sh010", "sh010A")));

        var changes = AutoSyncFromFtrack.From(e).ShouldNotBeNull().Changes;
        changes.AutoSync.ShouldBe(true);
        changes.FolderMoves.Select(x => x.FtrackId).ShouldBe([SyncEvents.Shot]);
    }

    [Fact]
    public void From_OtherTopic_NoStep()
    {
        var e = AyonFtrack.Features.Common.FtrackEvent.Create("x", "ftrack.action.launch", new JsonObject());

        FtrackUpdate.Changes(e).ShouldBeEmpty();
        AutoSyncFromFtrack.From(e).ShouldBeNull();
    }
}
