using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Features.Sync.Planning;
using AyonFtrack.Server.CustomAttributes;

namespace AyonFtrack.Features.Tests.Sync;

public sealed class ProjectSyncPlannerTests
{
    private static readonly IReadOnlyDictionary<string, AttributeMappingEntry> NoMapping = new Dictionary<string, AttributeMappingEntry>();

    [Fact]
    public void Plan_AyonEqualsFtrack_PlansNothing()
    {
        var ftrack = SyncStates.Ftrack(
            [SyncStates.Context("sq", "sq01", SyncStates.ProjectId, "Sequence", null, "sq01")],
            new() { [(SyncStates.AyonIdConf, "sq")] = "a1", [(SyncStates.AyonPathConf, "sq")] = "/sq01", [(SyncStates.FailedConf, "sq")] = false });
        var ayon = SyncStates.Ayon([SyncStates.Folder("a1", "sq01", null, "sq", "/sq01", "Sequence")]);

        var plan = ProjectSyncPlanner.Plan(ftrack, ayon, NoMapping);

        plan.IsEmpty.ShouldBeTrue(string.Join("; ", plan.Operations.Select(o => o.Data?.ToJsonString())));
    }

    /// <summary>sh_010 is linked to its AYON folder; sh-010 added next to it slugs alike and sorts first: sh_010 keeps the folder.</summary>
    [Fact]
    public void Plan_NewSiblingWithTheSlugOfALinkedEntity_LinkedEntityKeepsItsFolderNewOneRefused()
    {
        var ftrack = SyncStates.Ftrack(
        [
            SyncStates.Context("sq", "sq01", SyncStates.ProjectId, "Sequence", null, "sq01"),
            SyncStates.Context("sh", "sh_010", "sq", "Shot", null, "sq01", "sh_010"),
            SyncStates.Context("new", "sh-010", "sq", "Shot", null, "sq01", "sh-010"),
        ]);
        var ayon = SyncStates.Ayon([SyncStates.Folder("a1", "sq01", null, "sq", "/sq01", "Sequence"), SyncStates.Folder("a2", "sh_010", "a1", "sh", "/sq01/sh_010")]);

        var plan = ProjectSyncPlanner.Plan(ftrack, ayon, NoMapping);

        plan.Operations.ShouldNotContain(o => o.Type == "create" || o.EntityId == "a2");
        plan.AyonIds["sh"].ShouldBe("a2");
        plan.Refusals.Keys.ShouldBe(["new"]);
        plan.Refusals["new"].ShouldStartWith("Duplicated names");
    }

    /// <summary>§7: the original's update helper wrote the OLD value back to ftrack. Here a stale <c>ayon_id</c> is replaced by the AYON id.</summary>
    [Fact]
    public void Plan_StaleAyonIdOnFtrack_WritesTheNewValueNotTheOld()
    {
        var ftrack = SyncStates.Ftrack(
            [SyncStates.Context("sq", "sq01", SyncStates.ProjectId, "Sequence", null, "sq01")],
            new() { [(SyncStates.AyonIdConf, "sq")] = "old-id", [(SyncStates.AyonPathConf, "sq")] = "/old", [(SyncStates.FailedConf, "sq")] = false });
        var ayon = SyncStates.Ayon([SyncStates.Folder("a1", "sq01", null, "sq", "/sq01", "Sequence")]);

        var plan = ProjectSyncPlanner.Plan(ftrack, ayon, NoMapping);

        plan.Operations.ShouldBeEmpty();
        plan.BackWrites.Single(w => w.Key == "ayon_id").Value!.GetValue<string>().ShouldBe("a1");
        plan.BackWrites.Single(w => w.Key == "ayon_path").Value!.GetValue<string>().ShouldBe("/sq01");
    }

    [Fact]
    public void Plan_NewShotUnderNewSequence_ParentCreatedFirstWithSlugNameAndLabel()
    {
        var ftrack = SyncStates.Ftrack(
        [
            SyncStates.Context("sh", "sh-010", "sq", "Shot", null, "sq01", "sh-010"),
            SyncStates.Context("sq", "sq01", SyncStates.ProjectId, "Sequence", null, "sq01"),
        ]);

        var plan = ProjectSyncPlanner.Plan(ftrack, SyncStates.Ayon([]), NoMapping);

        plan.Operations.Select(o => (o.Type, o.Data!["name"]!.GetValue<string>())).ShouldBe([("create", "sq01"), ("create", "sh_010")]);
        plan.Operations[1].Data!["label"]!.GetValue<string>().ShouldBe("sh-010");
        plan.Operations[1].Data!["parentId"]!.GetValue<string>().ShouldBe(plan.Operations[0].EntityId);
        plan.Operations[1].Data!["attrib"]!["ftrackPath"]!.GetValue<string>().ShouldBe("sq01/sh-010");
        plan.BackWrites.Where(w => w.EntityId == "sh" && w.Key == "ayon_path").Single().Value!.GetValue<string>().ShouldBe("/sq01/sh_010");
    }

    /// <summary>As the original (ayon_api's EntityHub): a label is stored only where it differs from the name.</summary>
    [Fact]
    public void Plan_NewEntitiesNamedLikeTheirSlug_AreCreatedWithoutALabel()
    {
        var ftrack = SyncStates.Ftrack(
        [
            SyncStates.Context("sq", "sq01", SyncStates.ProjectId, "Sequence", null, "sq01"),
            SyncStates.Context("sh", "sh 010", "sq", "Shot", null, "sq01", "sh 010"),
            SyncStates.Context("t", "comp", "sh", "Task", "Compositing", "sq01", "sh 010", "comp"),
        ]);

        var plan = ProjectSyncPlanner.Plan(ftrack, SyncStates.Ayon([]), NoMapping);

        var creates = plan.Operations.Where(o => o.Type == "create").ToDictionary(o => o.Data!["name"]!.GetValue<string>(), o => o.Data!);
        creates.Keys.ShouldBe(["sq01", "sh_010", "comp"], ignoreOrder: true);
        creates["sq01"].ContainsKey("label").ShouldBeFalse();
        creates["comp"].ContainsKey("label").ShouldBeFalse();
        creates["sh_010"]["label"]!.GetValue<string>().ShouldBe("sh 010");
    }

    [Fact]
    public void Plan_RenameMakesTheFtrackNameEqualToTheSlug_ClearsTheLabel()
    {
        var ftrack = SyncStates.Ftrack(
            [SyncStates.Context("sh", "sh_010", SyncStates.ProjectId, "Shot", null, "sh_010")],
            new() { [(SyncStates.AyonIdConf, "sh")] = "a1", [(SyncStates.AyonPathConf, "sh")] = "/sh_010", [(SyncStates.FailedConf, "sh")] = false });
        var ayon = SyncStates.Ayon([SyncStates.Folder("a1", "sh_010", null, "sh", "/sh_010") with { Label = "sh-010" }]);

        var plan = ProjectSyncPlanner.Plan(ftrack, ayon, NoMapping);

        var update = plan.Operations.ShouldHaveSingleItem();
        update.Data!.Select(p => p.Key).ShouldBe(["label"]);
        update.Data!["label"].ShouldBeNull();
    }

    [Fact]
    public void Plan_StoredLabelEqualToTheName_IsLeftAlone()
    {
        var ftrack = SyncStates.Ftrack(
            [SyncStates.Context("sq", "sq01", SyncStates.ProjectId, "Sequence", null, "sq01")],
            new() { [(SyncStates.AyonIdConf, "sq")] = "a1", [(SyncStates.AyonPathConf, "sq")] = "/sq01", [(SyncStates.FailedConf, "sq")] = false });
        var ayon = SyncStates.Ayon([SyncStates.Folder("a1", "sq01", null, "sq", "/sq01", "Sequence") with { Label = "sq01" }]);

        var plan = ProjectSyncPlanner.Plan(ftrack, ayon, NoMapping);

        plan.IsEmpty.ShouldBeTrue(string.Join("; ", plan.Operations.Select(o => o.Data?.ToJsonString())));
    }

    [Fact]
    public void Plan_ClonedAyonIdOfAnotherLiveEntity_CreatesANewEntityAndOverwritesTheCopy()
    {
        var ftrack = SyncStates.Ftrack(
            [SyncStates.Context("sq", "sq01", SyncStates.ProjectId, "Sequence", null, "sq01"), SyncStates.Context("sq2", "sq02", SyncStates.ProjectId, "Sequence", null, "sq02")],
            new() { [(SyncStates.AyonIdConf, "sq")] = "a1", [(SyncStates.AyonIdConf, "sq2")] = "a1" });
        var ayon = SyncStates.Ayon([SyncStates.Folder("a1", "sq01", null, "sq", "/sq01", "Sequence")]);

        var plan = ProjectSyncPlanner.Plan(ftrack, ayon, NoMapping);

        var create = plan.Operations.Single(o => o.Type == "create");
        create.EntityId.ShouldNotBe("a1");
        plan.BackWrites.Single(w => w.EntityId == "sq2" && w.Key == "ayon_id").Value!.GetValue<string>().ShouldBe(create.EntityId);
    }

    [Fact]
    public void Plan_TaskDirectlyUnderProject_SkippedAndReported()
    {
        var ftrack = SyncStates.Ftrack([SyncStates.Context("t", "comp", SyncStates.ProjectId, "Task", "Compositing", "comp")]);

        var plan = ProjectSyncPlanner.Plan(ftrack, SyncStates.Ayon([]), NoMapping);

        plan.Operations.ShouldBeEmpty();
        plan.Report.ShouldHaveSingleItem().ShouldContain("directly under the project");
    }

    [Fact]
    public void Plan_FolderHoldingProductsRenamedInFtrack_KeepsItsNameReportsAndMarksTheSyncFailed()
    {
        var ftrack = SyncStates.Ftrack(
            [SyncStates.Context("sh", "sh010_new", SyncStates.ProjectId, "Shot", null, "sh010_new")],
            new() { [(SyncStates.AyonIdConf, "sh")] = "a1", [(SyncStates.AyonPathConf, "sh")] = "/sh010", [(SyncStates.FailedConf, "sh")] = false });
        var ayon = SyncStates.Ayon([SyncStates.Folder("a1", "sh010", null, "sh", "/sh010") with { HasProducts = true }]);

        var plan = ProjectSyncPlanner.Plan(ftrack, ayon, NoMapping);

        // Only the ftrack-side fact follows (ftrackPath is ftrack's path); name, label and parent stay.
        var update = plan.Operations.ShouldHaveSingleItem();
        update.Data!.Select(p => p.Key).ShouldBe(["attrib"]);
        update.Data!["attrib"]!.AsObject().Select(p => p.Key).ShouldBe(["ftrackPath"]);
        plan.Report.ShouldHaveSingleItem().ShouldStartWith("Immutable folder: show/sh010_new");
        plan.BackWrites.Single(w => w.Key == "ayon_sync_failed").Value!.GetValue<bool>().ShouldBeTrue();
        plan.BackWrites.ShouldNotContain(w => w.Key == "ayon_path");
    }

    [Fact]
    public void Plan_FolderHoldingProductsRenamedToTheSameSlug_OnlyTheLabelChanges()
    {
        var ftrack = SyncStates.Ftrack(
            [SyncStates.Context("sh", "SH010", SyncStates.ProjectId, "Shot", null, "SH010")],
            new() { [(SyncStates.AyonIdConf, "sh")] = "a1", [(SyncStates.AyonPathConf, "sh")] = "/sh010", [(SyncStates.FailedConf, "sh")] = false });
        var ayon = SyncStates.Ayon([SyncStates.Folder("a1", SyncConventions.Slugify("SH010"), null, "sh", "/SH010") with { HasProducts = true, Label = "old label" }]);

        var plan = ProjectSyncPlanner.Plan(ftrack, ayon, NoMapping);

        plan.Report.ShouldBeEmpty();
        var update = plan.Operations.ShouldHaveSingleItem();
        update.Data!.Select(p => p.Key).ShouldBe(["label"]);
    }

    [Fact]
    public void Plan_FolderWithoutProductsRenamedInFtrack_IsRenamed()
    {
        var ftrack = SyncStates.Ftrack(
            [SyncStates.Context("sh", "sh010_new", SyncStates.ProjectId, "Shot", null, "sh010_new")],
            new() { [(SyncStates.AyonIdConf, "sh")] = "a1", [(SyncStates.AyonPathConf, "sh")] = "/sh010", [(SyncStates.FailedConf, "sh")] = false });
        var ayon = SyncStates.Ayon([SyncStates.Folder("a1", "sh010", null, "sh", "/sh010")]);

        var plan = ProjectSyncPlanner.Plan(ftrack, ayon, NoMapping);

        plan.Report.ShouldBeEmpty();
        plan.Operations.ShouldHaveSingleItem().Data!["name"]!.GetValue<string>().ShouldBe("sh010_new");
    }

    [Fact]
    public void Plan_SameSlugSiblings_SecondIsDuplicateAndMarkedFailed()
    {
        var ftrack = SyncStates.Ftrack([SyncStates.Context("a", "sh-01", SyncStates.ProjectId, "Shot", null, "sh-01"), SyncStates.Context("b", "sh_01", SyncStates.ProjectId, "Shot", null, "sh_01")]);

        var plan = ProjectSyncPlanner.Plan(ftrack, SyncStates.Ayon([]), NoMapping);

        plan.Operations.Count.ShouldBe(1);
        plan.Report.ShouldHaveSingleItem().ShouldStartWith("Duplicated names");
        plan.BackWrites.Single(w => w.EntityId == "b").Value!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public void UserMapping_EmailFirstThenLogin_OneToOne()
    {
        var users = new[]
        {
            new UserNode { Name = "jane", Attrib = new UserNodeAttrib { Email = "JANE@studio.test" } },
            new UserNode { Name = "bob" },
        };

        var map = AssigneeRules.UserMapping(users, [new FtrackUserInfo("u1", "jd", "jane@studio.test"), new FtrackUserInfo("u2", "bob@studio.test", null), new FtrackUserInfo("u3", "jane", null)]);

        map.ShouldBe(new Dictionary<string, string> { ["u1"] = "jane", ["u2"] = "bob" });
    }

    [Fact]
    public void DesiredStatuses_ExistingMatchedBySlug_RenamedWithOriginalName()
    {
        var result = StatusRules.DesiredStatuses(
            [new FtrackStatusInfo("In Progress", "#fff", 0, "IN_PROGRESS", ["task"])],
            [new ProjectStatusItem { Name = "in_progress" }, new ProjectStatusItem { Name = "AYON only" }]);

        result.Select(s => (s.Name, s.OriginalName, s.State)).ShouldBe([("In Progress", "in_progress", "in_progress"), ("AYON only", null, null)]);
    }
}
