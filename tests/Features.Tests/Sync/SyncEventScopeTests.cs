using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Sync;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Tests.Sync;

/// <summary>What one event makes the incremental sync read (<see cref="SyncEventScope"/>, shared through <see cref="SyncEventState"/>), the link-change routing, and the link rules of <see cref="LinkSync"/>.</summary>
public sealed class SyncEventScopeTests
{
    [Fact]
    public void Build_ShotRenamed_ChangedAncestorsParentAndHierarchyRoot()
    {
        var e = SyncEvents.Update(SyncEvents.ShotItem("update", SyncEvents.Change("name", "sh010", "sh010A")));

        var scope = SyncEventScope.Build(FtrackUpdate.Changes(e), SyncEvents.Project);

        scope.Changed.ShouldBe([SyncEvents.Shot]);
        scope.Ancestors.ShouldBe([SyncEvents.Sequence]);
        scope.Parents.ShouldBe([SyncEvents.Sequence]);
        scope.HierarchyRoots.ShouldBe([SyncEvents.Shot]);
    }

    [Fact]
    public void Build_TaskStatusChanged_NoHierarchyRoot()
    {
        var e = SyncEvents.Update(SyncEvents.TaskItem("update", SyncEvents.Change("statusid", "a", "b")));

        var scope = SyncEventScope.Build(FtrackUpdate.Changes(e), SyncEvents.Project);

        scope.Changed.ShouldBe([SyncEvents.Task]);
        scope.Ancestors.ShouldBe([SyncEvents.Shot, SyncEvents.Sequence]);
        scope.HierarchyRoots.ShouldBeEmpty();
    }

    [Fact]
    public void For_OneEventContext_SameStateForEverySliceAndANewContextReadsAfresh()
    {
        var e = SyncEvents.Update(SyncEvents.ShotItem("update", SyncEvents.Change("name", "a", "b")));
        var context = new EventContext("ftrack.update", e);
        var redelivered = new EventContext("ftrack.update", SyncEvents.Update(SyncEvents.ShotItem("update", SyncEvents.Change("name", "a", "b"))));

        var state = SyncEventState.For(context, SyncEvents.Project);

        SyncEventState.For(context, SyncEvents.Project).ShouldBeSameAs(state);
        state.Scope!.HierarchyRoots.ShouldBe([SyncEvents.Shot]);
        SyncEventState.For(context, "other-project").ShouldNotBeSameAs(state);
        SyncEventState.For(redelivered, SyncEvents.Project).ShouldNotBeSameAs(state);
        SyncEventState.For(EventContext.Standalone(), SyncEvents.Project).Scope.ShouldBeNull();
    }

    [Fact]
    public void Plan_SlicesOfOneEventWithoutWrites_PlanOnceAndAgainOnlyAfterASideChanged()
    {
        var ftrack = SyncStates.Ftrack([SyncStates.Context("sh1", "sh010", null)]);
        var snapshot = new IncrementalSnapshot(null, ftrack, "schema") { Settings = FtrackSettings.Parse("{}"), Ayon = SyncStates.Ayon([]) };

        var first = snapshot.Plan();
        snapshot.Plan().ShouldBeSameAs(first);
        snapshot.Plans.ShouldBe(1);

        snapshot.Ayon = SyncStates.Ayon([]);
        snapshot.Plan().ShouldNotBeSameAs(first);
        snapshot.Plans.ShouldBe(2);
        snapshot.Ftrack = ftrack;
        snapshot.Plan();
        snapshot.Plans.ShouldBe(3);
    }

    [Fact]
    public void From_DependencyAddedAndRemoved_ChangeLinksWithFromAndToInOrder()
    {
        var added = SyncEvents.Item("add", "l-1", "dependency", "TypedContextLink", SyncEvents.Shot,
            new JsonObject { ["from_id"] = new JsonObject { ["old"] = null, ["new"] = "sh-2" }, ["to_id"] = new JsonObject { ["old"] = null, ["new"] = SyncEvents.Shot } },
            (SyncEvents.Shot, "task", "Shot", SyncEvents.Sequence));
        var removed = SyncEvents.Item("remove", "l-2", "dependency", "TypedContextLink", SyncEvents.Shot,
            new JsonObject { ["from_id"] = new JsonObject { ["old"] = "sh-3", ["new"] = null }, ["to_id"] = new JsonObject { ["old"] = SyncEvents.Shot, ["new"] = null } },
            (SyncEvents.Shot, "task", "Shot", SyncEvents.Sequence));
        var e = SyncEvents.Update(added, removed);

        var command = ChangeLinks.From(e)!;

        command.ProjectId.ShouldBe(SyncEvents.Project);
        command.Links.ShouldBe([new LinkChange("sh-2", SyncEvents.Shot, true), new LinkChange("sh-3", SyncEvents.Shot, false)]);
        SyncEventScope.Build(FtrackUpdate.Changes(e), SyncEvents.Project).Changed.ShouldBe(["sh-2", SyncEvents.Shot, "sh-3"]);
        FolderRenameOrMove.From(e).ShouldBeNull();
        UpdateAttributes.From(e).ShouldBeNull();
    }

    [Fact]
    public void From_ShotRenamed_NoLinkChange() =>
        ChangeLinks.From(SyncEvents.Update(SyncEvents.ShotItem("update", SyncEvents.Change("name", "a", "b")))).ShouldBeNull();

    [Theory]
    [InlineData("breakdown", "breakdown|folder|folder")]
    [InlineData("reference", null)]
    [InlineData("< Skip >", null)]
    [InlineData("", null)]
    public void FolderLinkType_Setting_FolderToFolderTypeOfTheProjectOrNull(string setting, string? expected)
    {
        var project = new ProjectModel
        {
            Name = "p",
            Code = "p",
            LinkTypes =
            [
                new ProjectLinkTypeItem { Name = "breakdown|folder|folder", LinkType = "breakdown", InputType = "folder", OutputType = "folder" },
                new ProjectLinkTypeItem { Name = "reference|version|version", LinkType = "reference", InputType = "version", OutputType = "version" },
            ],
        };

        LinkSync.FolderLinkType(project, setting).ShouldBe(expected);
    }

    [Fact]
    public void Desired_LinksWithAnUnmappedEnd_LeftOut() =>
        LinkSync.Desired([("a", "b"), ("a", "c"), ("a", "b")], new Dictionary<string, string> { ["a"] = "A", ["b"] = "B" }).ShouldBe([("A", "B")]);
}
