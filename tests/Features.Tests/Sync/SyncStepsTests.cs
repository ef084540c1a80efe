using AyonFtrack.Features.Sync;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Features.Sync.Planning;
using AyonFtrack.Server.CustomAttributes;

namespace AyonFtrack.Features.Tests.Sync;

/// <summary>One plan per event, cut into the original's steps (<see cref="SyncSteps"/>).</summary>
public sealed class SyncStepsTests
{
    private static readonly FtrackProjectState Ftrack = SyncStates.Ftrack(
    [
        SyncStates.Context("sq", "sq01", SyncStates.ProjectId, "Sequence", null, "sq01"),
        SyncStates.Context("sh", "sh010", "sq", "Shot", null, "sq01", "sh010"),
        SyncStates.Context("sh2", "sh020", "sq", "Shot", null, "sq01", "sh020"),
    ]);

    private static readonly AyonProjectState Ayon = SyncStates.Ayon(
        [SyncStates.Folder("f-sq", "sq01", null, "sq", "/sq01", "Sequence"), SyncStates.Folder("f-sh", "sh010", "f-sq", "sh", "/sq01/sh010")]);

    [Fact]
    public void Decide_ShotCreatedAndItsAttributesChangedInOneEvent_CreatedOnceAttributesStepSeesTheCreation()
    {
        var changes = Changes(creations: [new ChangedEntity("sh2", 3)], attributes: [new ChangedEntity("sh2", 3), new ChangedEntity("sh", 3)]);
        var plan = ProjectSyncPlanner.Plan(Ftrack, Ayon, new Dictionary<string, AttributeMappingEntry>());

        var steps = SyncSteps.Decide(SyncStates.ProjectId, changes, plan, Ftrack, Ayon, RemovedEntityPolicy.Delete);

        steps.Select(s => s.Kind).ShouldBe([ChangeKind.Creation, ChangeKind.Attributes]);
        steps[0].Refusal.ShouldBeNull();
        steps[0].Operations.ShouldHaveSingleItem().Type.ShouldBe("create");
        steps[1].Refusal.ShouldBeNull();
        steps[1].Operations.ShouldNotContain(o => o.Type == "create");
        steps.Count(s => s.ProjectPatch is not null).ShouldBe(plan.ProjectPatch is null ? 0 : 1);
    }

    [Fact]
    public void Decide_AttributesOfAnUnsyncedShotWithoutItsCreation_StepRefusedNamingIt()
    {
        var plan = ProjectSyncPlanner.Plan(Ftrack, Ayon, new Dictionary<string, AttributeMappingEntry>());

        var step = SyncSteps.Decide(SyncStates.ProjectId, Changes(attributes: [new ChangedEntity("sh2", 3)]), plan, Ftrack, Ayon, RemovedEntityPolicy.Delete).ShouldHaveSingleItem();

        step.Kind.ShouldBe(ChangeKind.Attributes);
        step.Refusal!.ShouldContain("not synchronised");
        step.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Decide_VersionsAndLinksOnly_NeedNoPlan()
    {
        var changes = Changes(versions: ["av-1"], links: [new LinkChange("sh", "sh2", true)]);

        SyncSteps.NeedPlan(changes).ShouldBeFalse();
        SyncSteps.Decide(SyncStates.ProjectId, changes, null, Ftrack, Ayon, RemovedEntityPolicy.Delete).Select(s => s.Kind).ShouldBe([ChangeKind.Versions, ChangeKind.Links]);
    }

    private static SyncChanges Changes(
        IReadOnlyList<ChangedEntity>? creations = null, IReadOnlyList<ChangedEntity>? attributes = null, IReadOnlyList<string>? versions = null, IReadOnlyList<LinkChange>? links = null) =>
        new([], [], creations ?? [], [], attributes ?? [], false, versions ?? [], [], links ?? []);
}
