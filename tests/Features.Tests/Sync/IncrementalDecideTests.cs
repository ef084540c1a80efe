using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Features.Sync.Planning;

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

    /// <summary>P-16 1c: sh-010 (AYON name sh_010) removed while its sibling sh_010 exists: the AYON folder is kept for sh_010.</summary>
    [Fact]
    public void Replacements_SiblingWithTheSlugOfTheRemovedEntity_KeepsAndRelinksTheAyonEntity()
    {
        var ayon = SyncStates.Ayon(
            [SyncStates.Folder("f-sq", "sq01", null, "sq", "/sq01", "Sequence"), SyncStates.Folder("f-sh", "sh_010", "f-sq", "sh", "/sq01/sh_010") with { Label = "sh-010" }],
            [SyncStates.Task("t-comp", "comp", "f-sh", "t")]);
        var ftrack = SyncStates.Ftrack(
        [
            SyncStates.Context("sq", "sq01", SyncStates.ProjectId, "Sequence", null, "sq01"),
            SyncStates.Context("sh2", "sh_010", "sq", "Shot", null, "sq01", "sh_010"),
        ]);
        var plan = ProjectSyncPlanner.Plan(ftrack, ayon, new Dictionary<string, Server.CustomAttributes.AttributeMappingEntry>());

        var replacements = IncrementalDecide.Replacements(ShotAndTaskRemoved, ftrack, ayon, plan);
        var removals = IncrementalDecide.Removals(ShotAndTaskRemoved, ayon, new HashSet<string> { "sq", "sh2" }, new HashSet<string>(), RemovedEntityPolicy.Delete,
            replacements.AyonIds.Values.ToHashSet());

        replacements.AyonIds.ShouldBe(new Dictionary<string, string> { ["sh2"] = "f-sh" });
        var relink = replacements.Operations.ShouldHaveSingleItem();
        relink.ShouldSatisfyAllConditions(
            () => relink.Type.ShouldBe("update"),
            () => relink.EntityId.ShouldBe("f-sh"),
            () => relink.Data!["attrib"]!["ftrackId"]!.GetValue<string>().ShouldBe("sh2"),
            () => relink.Data!.ContainsKey("name").ShouldBeFalse(),
            () => relink.Data!.ContainsKey("label").ShouldBeTrue(),
            () => relink.Data!["label"].ShouldBeNull()); // sh_010 is its own name: the label is cleared, as the original stores it
        replacements.BackWrites.Select(w => (w.EntityId, w.Key, w.Value!.ToJsonString())).ShouldBe(
            [("sh2", "ayon_sync_failed", "false"), ("sh2", "ayon_id", "\"f-sh\""), ("sh2", "ayon_path", "\"/sq01/sh_010\"")], ignoreOrder: true);
        // The folder's task had no replacement under the removed shot: it goes; the folder stays.
        removals.Select(o => (o.Type, o.EntityId)).ShouldBe([("delete", "t-comp")]);
    }

    [Fact]
    public void Replacements_SiblingAlreadyLinkedElsewhereOrOfAnotherName_NoReplacement()
    {
        var ayon = SyncStates.Ayon(
        [
            SyncStates.Folder("f-sq", "sq01", null, "sq", "/sq01", "Sequence"),
            SyncStates.Folder("f-sh", "sh_010", "f-sq", "sh", "/sq01/sh_010"),
            SyncStates.Folder("f-other", "sh_010b", "f-sq", "sh2", "/sq01/sh_010b"),
        ]);
        var renamedSibling = SyncStates.Ftrack(
        [
            SyncStates.Context("sq", "sq01", SyncStates.ProjectId, "Sequence", null, "sq01"),
            SyncStates.Context("sh2", "sh_010", "sq", "Shot", null, "sq01", "sh_010"),
        ]);
        var otherName = SyncStates.Ftrack(
        [
            SyncStates.Context("sq", "sq01", SyncStates.ProjectId, "Sequence", null, "sq01"),
            SyncStates.Context("sh3", "sh020", "sq", "Shot", null, "sq01", "sh020"),
        ]);
        var noMapping = new Dictionary<string, Server.CustomAttributes.AttributeMappingEntry>();

        // sh2 is linked to f-other already (it keeps it and is renamed there); f-sh is not taken over.
        IncrementalDecide.Replacements([("sh", 3)], renamedSibling, ayon, ProjectSyncPlanner.Plan(renamedSibling, ayon, noMapping)).AyonIds.ShouldBeEmpty();
        IncrementalDecide.Replacements([("sh", 3)], otherName, ayon, ProjectSyncPlanner.Plan(otherName, ayon, noMapping)).AyonIds.ShouldBeEmpty();
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
    public void Scope_CreationsWithOneDuplicatedName_TheOthersAreCreatedTheDuplicateIsRefusedAndMarkedFailed()
    {
        // sh-010 is linked to the AYON folder sh_010; sh_010 added next to it slugs to the same name.
        var ayon = SyncStates.Ayon([SyncStates.Folder("f-sq", "sq01", null, "sq", "/sq01", "Sequence"), SyncStates.Folder("f-sh", "sh_010", "f-sq", "sh", "/sq01/sh_010")]);
        var ftrack = SyncStates.Ftrack(
        [
            SyncStates.Context("sq", "sq01", SyncStates.ProjectId, "Sequence", null, "sq01"),
            SyncStates.Context("sh", "sh-010", "sq", "Shot", null, "sq01", "sh-010"),
            SyncStates.Context("dup", "sh_010", "sq", "Shot", null, "sq01", "sh_010"),
            SyncStates.Context("new", "sh020", "sq", "Shot", null, "sq01", "sh020"),
        ]);
        var plan = ProjectSyncPlanner.Plan(ftrack, ayon, new Dictionary<string, Server.CustomAttributes.AttributeMappingEntry>());

        var scoped = IncrementalDecide.Scope(plan, ftrack, ayon, ChangeKind.Creation, ["dup", "new"]);

        scoped.Operations.ShouldHaveSingleItem().Data!["name"]!.GetValue<string>().ShouldBe("sh020");
        scoped.Refusals.Keys.ShouldBe(["dup"]);
        scoped.Refusals["dup"].ShouldContain("Duplicated names");
        scoped.BackWrites.ShouldContain(w => w.EntityId == "dup" && w.Key == "ayon_sync_failed" && w.Value!.GetValue<bool>());
        scoped.BackWrites.ShouldNotContain(w => w.EntityId == "dup" && w.Key == "ayon_id");
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
