using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync;

namespace AyonFtrack.Features.Tests.Sync;

public sealed class IncrementalDecideTests
{
    private static readonly AyonProjectState Ayon = SyncStates.Ayon(
        [SyncStates.Folder("f-sq", "sq01", null, "sq", "/sq01", "Sequence"), SyncStates.Folder("f-sh", "sh010", "f-sq", "sh", "/sq01/sh010")],
        [SyncStates.Task("t-comp", "comp", "f-sh", "t")]);

    private static readonly IReadOnlyList<(string, int)> ShotAndTaskRemoved = [("sh", 3), ("t", 4)];

    [Fact]
    public void Removals_DeleteWithoutProducts_DeletesDeepestFirst()
    {
        var ops = IncrementalDecide.Removals(ShotAndTaskRemoved, Ayon, new HashSet<string>(), new HashSet<string>(), RemovedEntityPolicy.Delete);

        ops.Select(o => (o.Type, o.EntityType, o.EntityId)).ShouldBe([("delete", "task", "t-comp"), ("delete", "folder", "f-sh")]);
    }

    [Fact]
    public void Removals_DeleteFolderWithProducts_MarkedRemovedNotDeleted()
    {
        var ops = IncrementalDecide.Removals(ShotAndTaskRemoved, Ayon, new HashSet<string>(), new HashSet<string> { "f-sh" }, RemovedEntityPolicy.Delete);

        ops[1].Type.ShouldBe("update");
        ops[1].Data!["attrib"]!["ftrackId"]!.GetValue<string>().ShouldBe(SyncConventions.RemovedIdValue);
        ops[1].Data!.ContainsKey("active").ShouldBeFalse();
    }

    [Fact]
    public void Removals_RefuseWhenProducts_ThrowsNamingTheFolder()
    {
        Should.Throw<SyncException>(() => IncrementalDecide.Removals(ShotAndTaskRemoved, Ayon, new HashSet<string>(), new HashSet<string> { "f-sh" }, RemovedEntityPolicy.RefuseWhenProducts))
            .Message.ShouldContain("f-sh");
    }

    [Fact]
    public void Removals_RefuseWhenProductsWithoutProducts_Deletes()
    {
        IncrementalDecide.Removals(ShotAndTaskRemoved, Ayon, new HashSet<string>(), new HashSet<string>(), RemovedEntityPolicy.RefuseWhenProducts)
            .Select(o => o.Type).ShouldBe(["delete", "delete"]);
    }

    [Fact]
    public void Removals_MarkOnly_MarksAndDeactivates()
    {
        var ops = IncrementalDecide.Removals(ShotAndTaskRemoved, Ayon, new HashSet<string>(), new HashSet<string>(), RemovedEntityPolicy.MarkOnly);

        ops.ShouldAllBe(o => o.Type == "update" && o.Data!["active"]!.GetValue<bool>() == false);
    }

    [Fact]
    public void Removals_ReplayedOrLiveAgain_NothingToDo()
    {
        var gone = SyncStates.Ayon([]);
        IncrementalDecide.Removals(ShotAndTaskRemoved, gone, new HashSet<string>(), new HashSet<string>(), RemovedEntityPolicy.Delete).ShouldBeEmpty();
        IncrementalDecide.Removals(ShotAndTaskRemoved, Ayon, new HashSet<string> { "sh", "t" }, new HashSet<string>(), RemovedEntityPolicy.Delete).ShouldBeEmpty();
    }

    [Fact]
    public void Scope_AttributeChangeOfEntityNotSyncedYet_ThrowsSoTheJobIsRetried()
    {
        var ftrack = SyncStates.Ftrack([SyncStates.Context("sq", "sq01", SyncStates.ProjectId, "Sequence", null, "sq01")]);
        var ayon = SyncStates.Ayon([]);
        var plan = ProjectSyncPlanner.Plan(ftrack, ayon, new Dictionary<string, Server.CustomAttributes.AttributeMappingEntry>());

        Should.Throw<SyncException>(() => IncrementalDecide.Scope(plan, ftrack, ayon, ChangeKind.Attributes, ["sq"])).Message.ShouldContain("not synchronised");
        IncrementalDecide.Scope(plan, ftrack, ayon, ChangeKind.Creation, ["sq"]).Operations.ShouldHaveSingleItem().Type.ShouldBe("create");
    }

    [Fact]
    public void Scope_CreationOfEntityThatExistsInAyonWithoutItsPath_WritesOnlyTheLinkAttributes()
    {
        // A task made in AYON and pushed to ftrack by the transmitter: its ftrack "add" comes back to the processor.
        var ftrack = SyncStates.Ftrack(
        [
            SyncStates.Context("sq", "sq01", SyncStates.ProjectId, "Sequence", null, "sq01"),
            SyncStates.Context("sh", "sh010", "sq", "Shot", null, "sq01", "sh010"),
            SyncStates.Context("t", "Comp", "sh", "Task", "Compositing", "sq01", "sh010", "Comp"),
        ]);
        var plan = ProjectSyncPlanner.Plan(ftrack, Ayon, new Dictionary<string, Server.CustomAttributes.AttributeMappingEntry>());

        var scoped = IncrementalDecide.Scope(plan, ftrack, Ayon, ChangeKind.Creation, ["t"]);

        var link = scoped.Operations.ShouldHaveSingleItem();
        link.ShouldSatisfyAllConditions(
            () => link.Type.ShouldBe("update"),
            () => link.EntityId.ShouldBe("t-comp"),
            () => link.Data!.Select(p => p.Key).ShouldBe(["attrib"]),
            () => link.Data!["attrib"]!.AsObject().Select(p => p.Key).ShouldBe(["ftrackId", "ftrackPath"], ignoreOrder: true),
            () => link.Data!["attrib"]!["ftrackId"]!.GetValue<string>().ShouldBe("t"),
            () => link.Data!["attrib"]!["ftrackPath"]!.GetValue<string>().ShouldBe("sq01/sh010/Comp"));
    }

    [Fact]
    public void Scope_FolderRename_OnlyNameFieldsForItAndPathsForDescendants()
    {
        var ftrack = SyncStates.Ftrack(
        [
            SyncStates.Context("sq", "sq01b", SyncStates.ProjectId, "Sequence", null, "sq01b"),
            SyncStates.Context("sh", "sh010", "sq", "Shot", null, "sq01b", "sh010"),
        ]);
        var plan = ProjectSyncPlanner.Plan(ftrack, Ayon, new Dictionary<string, Server.CustomAttributes.AttributeMappingEntry>());

        var scoped = IncrementalDecide.Scope(plan, ftrack, Ayon, ChangeKind.FolderHierarchy, ["sq"]);

        var rename = scoped.Operations.Single(o => o.EntityId == "f-sq");
        rename.Data!["name"]!.GetValue<string>().ShouldBe("sq01b");
        scoped.Operations.Single(o => o.EntityId == "f-sh").Data!["attrib"]!["ftrackPath"]!.GetValue<string>().ShouldBe("sq01b/sh010");
        scoped.Operations.ShouldNotContain(o => o.EntityType == AyonEntityTypes.Task);
    }

    [Fact]
    public void Scope_StatusMissingFromAyonProject_ProjectStatusesRebuiltOnlyForAttributesAndCreations()
    {
        var ftrack = SyncStates.Ftrack([SyncStates.Context("sq", "sq01", SyncStates.ProjectId, "Sequence", null, "sq01")]) with
        {
            Statuses = [new FtrackStatusInfo("On Hold", "#f00", 0, "BLOCKED", ["folder"])],
        };
        var ayon = SyncStates.Ayon([SyncStates.Folder("f-sq", "sq01", null, "sq", "/sq01", "Sequence")]);
        var plan = ProjectSyncPlanner.Plan(ftrack, ayon, new Dictionary<string, Server.CustomAttributes.AttributeMappingEntry>());

        IncrementalDecide.Scope(plan, ftrack, ayon, ChangeKind.Attributes, ["sq"]).ProjectPatch!.Statuses!.Select(s => s.Name).ShouldContain("On Hold");
        IncrementalDecide.Scope(plan, ftrack, ayon, ChangeKind.FolderHierarchy, ["sq"]).ProjectPatch.ShouldBeNull();
    }
}
