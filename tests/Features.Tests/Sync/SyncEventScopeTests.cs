using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync;
using AyonFtrack.Features.Sync.Planning;

namespace AyonFtrack.Features.Tests.Sync;

/// <summary>What one event makes the incremental sync read (<see cref="SyncEventScope"/>), the link-change routing, and the link rules of <see cref="LinkSync"/>.</summary>
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
    public void Of_NoEventAtHand_ChangedEntitiesAndLinkEndsRenamedFoldersAsRoots()
    {
        var changes = new SyncChanges([new ChangedEntity("sh-1", 3)], [], [new ChangedEntity("t-1", 4)], [], [new ChangedEntity("sh-1", 3)], false, [], [new ChangedEntity("t-2", 0)], [new LinkChange("sh-2", "sh-3", true)]);

        var scope = SyncEventScope.Of(SyncEvents.Project, changes);

        scope.ProjectId.ShouldBe(SyncEvents.Project);
        scope.Changed.ShouldBe(["sh-1", "t-1", "t-2", "sh-2", "sh-3"]);
        scope.Ancestors.ShouldBeEmpty();
        scope.Parents.ShouldBeEmpty();
        scope.HierarchyRoots.ShouldBe(["sh-1"]);
    }

    [Fact]
    public void From_DependencyAddedAndRemoved_LinkStepWithFromAndToInOrder()
    {
        var added = SyncEvents.Item("add", "l-1", "dependency", "TypedContextLink", SyncEvents.Shot,
            new JsonObject { ["from_id"] = new JsonObject { ["old"] = null, ["new"] = "sh-2" }, ["to_id"] = new JsonObject { ["old"] = null, ["new"] = SyncEvents.Shot } },
            (SyncEvents.Shot, "task", "Shot", SyncEvents.Sequence));
        var removed = SyncEvents.Item("remove", "l-2", "dependency", "TypedContextLink", SyncEvents.Shot,
            new JsonObject { ["from_id"] = new JsonObject { ["old"] = "sh-3", ["new"] = null }, ["to_id"] = new JsonObject { ["old"] = SyncEvents.Shot, ["new"] = null } },
            (SyncEvents.Shot, "task", "Shot", SyncEvents.Sequence));
        var e = SyncEvents.Update(added, removed);

        var command = AutoSyncFromFtrack.From(e)!;

        command.ProjectId.ShouldBe(SyncEvents.Project);
        command.Changes.Links.ShouldBe([new LinkChange("sh-2", SyncEvents.Shot, true), new LinkChange("sh-3", SyncEvents.Shot, false)]);
        SyncEventScope.Build(FtrackUpdate.Changes(e), SyncEvents.Project).Changed.ShouldBe(["sh-2", SyncEvents.Shot, "sh-3"]);
        command.Changes.FolderMoves.ShouldBeEmpty();
        command.Changes.Attributes.ShouldBeEmpty();
    }

    [Fact]
    public void From_ShotRenamed_NoLinkChange() =>
        AutoSyncFromFtrack.From(SyncEvents.Update(SyncEvents.ShotItem("update", SyncEvents.Change("name", "a", "b"))))!.Changes.Links.ShouldBeEmpty();

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
