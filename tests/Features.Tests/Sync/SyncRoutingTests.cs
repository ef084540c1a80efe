using System.Text.Json.Nodes;
using AyonFtrack.Features.Sync;

namespace AyonFtrack.Features.Tests.Sync;

/// <summary><c>From</c> of every change slice on hand-written <c>ftrack.update</c> payloads.</summary>
public sealed class SyncRoutingTests
{
    [Fact]
    public void From_ShotRenamed_OnlyFolderRenameOrMove()
    {
        var e = SyncEvents.Update(SyncEvents.ShotItem("update", SyncEvents.Change("name", "sh010", "sh010A")));

        FolderRenameOrMove.From(e).ShouldBe(new FolderRenameOrMove.Command(SyncEvents.Project, [new ChangedEntity(SyncEvents.Shot, 3)]), new CommandComparer<FolderRenameOrMove.Command>(c => c.ProjectId, c => c.Entities));
        TaskRenameOrMove.From(e).ShouldBeNull();
        UpdateAttributes.From(e).ShouldBeNull();
        CreateEntities.From(e).ShouldBeNull();
        RemoveEntities.From(e).ShouldBeNull();
        ChangeAssignees.From(e).ShouldBeNull();
        AutoSyncToggled.From(e).ShouldBeNull();
    }

    [Fact]
    public void From_TaskMoved_TaskRenameOrMoveOnly()
    {
        var e = SyncEvents.Update(SyncEvents.TaskItem("move", SyncEvents.Change("parent_id", "sh-0", SyncEvents.Shot)));

        TaskRenameOrMove.From(e)!.Entities.Select(x => x.FtrackId).ShouldBe([SyncEvents.Task]);
        FolderRenameOrMove.From(e).ShouldBeNull();
        UpdateAttributes.From(e).ShouldBeNull();
    }

    [Fact]
    public void From_StatusAndHierarchicalAttribute_UpdateAttributesOnly()
    {
        var changes = SyncEvents.Change("statusid", "a", "b");
        changes["frameStart"] = new JsonObject { ["old"] = "1001", ["new"] = "1009" };
        var e = SyncEvents.Update(SyncEvents.ShotItem("update", changes));

        UpdateAttributes.From(e)!.ProjectId.ShouldBe(SyncEvents.Project);
        FolderRenameOrMove.From(e).ShouldBeNull();
    }

    [Fact]
    public void From_ThumbnailOrPriorityOnly_NoSlice()
    {
        var changes = SyncEvents.Change("thumbid", "a", "b");
        changes["priorityid"] = new JsonObject { ["old"] = "x", ["new"] = "y" };
        var e = SyncEvents.Update(SyncEvents.ShotItem("update", changes));

        UpdateAttributes.From(e).ShouldBeNull();
        FolderRenameOrMove.From(e).ShouldBeNull();
    }

    [Fact]
    public void From_AddAndRemove_CreationAndRemovalWithDepth()
    {
        var e = SyncEvents.Update(
            SyncEvents.TaskItem("remove", SyncEvents.Change("name", "comp", null)),
            SyncEvents.ShotItem("add", SyncEvents.Change("name", null, "sh020")));

        RemoveEntities.From(e)!.Entities.ShouldBe([new ChangedEntity(SyncEvents.Task, 4)]);
        CreateEntities.From(e)!.Entities.ShouldBe([new ChangedEntity(SyncEvents.Shot, 3)]);
    }

    [Fact]
    public void From_Milestone_Ignored()
    {
        var e = SyncEvents.Update(SyncEvents.Item("add", "m-1", "task", "Milestone", SyncEvents.Project, SyncEvents.Change("name", null, "m1")));

        CreateEntities.From(e).ShouldBeNull();
    }

    [Fact]
    public void From_AssignmentAppointment_ChangeAssigneesOnTask()
    {
        var changes = SyncEvents.Change("type", null, "assignment");
        changes["resource_id"] = new JsonObject { ["old"] = null, ["new"] = "u-1" };
        changes["context_id"] = new JsonObject { ["old"] = null, ["new"] = SyncEvents.Task };
        var e = SyncEvents.Update(SyncEvents.Item("add", "ap-1", "appointment", "Appointment", SyncEvents.Task, changes,
            (SyncEvents.Task, "task", "Task", SyncEvents.Shot), (SyncEvents.Shot, "task", "Shot", SyncEvents.Sequence), (SyncEvents.Sequence, "task", "Sequence", SyncEvents.Project)));

        ChangeAssignees.From(e)!.Entities.Select(x => x.FtrackId).ShouldBe([SyncEvents.Task]);
        CreateEntities.From(e).ShouldBeNull();
    }

    [Fact]
    public void From_AllocationAppointment_NotAnAssignee()
    {
        var changes = SyncEvents.Change("type", null, "allocation");
        changes["context_id"] = new JsonObject { ["old"] = null, ["new"] = SyncEvents.Task };
        var e = SyncEvents.Update(SyncEvents.Item("add", "ap-1", "appointment", "Appointment", SyncEvents.Task, changes));

        ChangeAssignees.From(e).ShouldBeNull();
    }

    [Theory]
    [InlineData("0", "1", true)]
    [InlineData("1", "0", false)]
    public void From_AutoSyncToggle_OnlyWhenTurnedOn(string oldValue, string newValue, bool expected)
    {
        var e = SyncEvents.Update(new JsonObject
        {
            ["action"] = "update", ["entityId"] = SyncEvents.Project, ["entityType"] = "show", ["entity_type"] = "Project",
            ["changes"] = SyncEvents.Change("auto_sync_enabled", oldValue, newValue),
        });

        (AutoSyncToggled.From(e) is not null).ShouldBe(expected);
    }

    [Fact]
    public void From_OtherTopic_NoSlice()
    {
        var e = AyonFtrack.Features.Common.FtrackEvent.Create("x", "ftrack.action.launch", new JsonObject());

        FtrackUpdate.Changes(e).ShouldBeEmpty();
        CreateEntities.From(e).ShouldBeNull();
    }

    private sealed class CommandComparer<T>(Func<T, string> project, Func<T, IReadOnlyList<ChangedEntity>> entities) : IEqualityComparer<T?>
    {
        public bool Equals(T? x, T? y) => x is not null && y is not null && project(x) == project(y) && entities(x).SequenceEqual(entities(y));

        public int GetHashCode(T? obj) => 0;
    }
}
