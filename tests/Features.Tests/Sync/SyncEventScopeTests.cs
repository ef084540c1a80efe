using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync;

namespace AyonFtrack.Features.Tests.Sync;

/// <summary>What one event makes the incremental sync read (<see cref="SyncEventScope"/>), the link-change routing, and the link rules of <see cref="LinkSync"/>.</summary>
public sealed class SyncEventScopeTests
{
    [Fact]
    public void Of_ShotRenamed_ChangedAncestorsParentAndHierarchyRoot()
    {
        var e = SyncEvents.Update(SyncEvents.ShotItem("update", SyncEvents.Change("name", "sh010", "sh010A")));

        var scope = SyncEventScope.Of(e, SyncEvents.Project);

        scope.Changed.ShouldBe([SyncEvents.Shot]);
        scope.Ancestors.ShouldBe([SyncEvents.Sequence]);
        scope.Parents.ShouldBe([SyncEvents.Sequence]);
        scope.HierarchyRoots.ShouldBe([SyncEvents.Shot]);
    }

    [Fact]
    public void Of_TaskStatusChanged_NoHierarchyRoot()
    {
        var e = SyncEvents.Update(SyncEvents.TaskItem("update", SyncEvents.Change("statusid", "a", "b")));

        var scope = SyncEventScope.Of(e, SyncEvents.Project);

        scope.Changed.ShouldBe([SyncEvents.Task]);
        scope.Ancestors.ShouldBe([SyncEvents.Shot, SyncEvents.Sequence]);
        scope.HierarchyRoots.ShouldBeEmpty();
    }

    [Fact]
    public void Of_SameEventObject_SameScopeInstanceForEverySlice()
    {
        var e = SyncEvents.Update(SyncEvents.ShotItem("update", SyncEvents.Change("name", "a", "b")));

        SyncEventScope.Of(e, SyncEvents.Project).ShouldBeSameAs(SyncEventScope.Of(e, SyncEvents.Project));
        FolderRenameOrMove.From(e)!.Event.ShouldBeSameAs(SyncEventScope.Of(e, SyncEvents.Project));
        SyncEventScope.Of(SyncEvents.Update(SyncEvents.ShotItem("update", SyncEvents.Change("name", "a", "b"))), SyncEvents.Project)
            .ShouldNotBeSameAs(SyncEventScope.Of(e, SyncEvents.Project));
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
        command.Event!.Changed.ShouldBe(["sh-2", SyncEvents.Shot, "sh-3"]);
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
