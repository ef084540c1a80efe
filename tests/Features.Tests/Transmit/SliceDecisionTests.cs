using System.Text.Json.Nodes;
using AyonFtrack.Features.Transmit;

namespace AyonFtrack.Features.Tests.Transmit;

public sealed class PushStatusTests
{
    private static readonly PushStatus.FtrackStatus[] Available = [new("s1", "In progress"), new("s2", "Approved")];

    [Theory]
    [InlineData("entity.folder.status_changed", true)]
    [InlineData("entity.task.status_changed", true)]
    [InlineData("entity.version.status_changed", true)]
    [InlineData("entity.product.status_changed", false)]
    [InlineData("entity.task.attrib_changed", false)]
    public void From_Topic_RoutesOnlyStatusChangesFtrackHolds(string topic, bool routed) =>
        (PushStatus.From(AyonEvents.Entity(topic)) is not null).ShouldBe(routed);

    [Fact]
    public void Decide_NameMatchesCaseInsensitively_ReturnsItsId() => PushStatus.Decide("APPROVED", "s1", Available).ShouldBe("s2");

    [Fact]
    public void Decide_AlreadySet_ReturnsNull() => PushStatus.Decide("Approved", "s2", Available).ShouldBeNull();

    [Fact]
    public void Decide_NotInWorkflow_ReturnsNull() => PushStatus.Decide("Omitted", "s1", Available).ShouldBeNull();
}

public sealed class PushAssigneesTests
{
    private static readonly Dictionary<string, string> Users = new() { ["jane"] = "u-jane", ["bob"] = "u-bob" };

    [Fact]
    public void From_AssigneesChanged_CollectsOldAndNewUsers()
    {
        var command = PushAssignees.From(AyonEvents.Entity("entity.task.assignees_changed", "t1", new JsonArray("bob"), new JsonArray("jane")))!;

        command.Involved.ShouldBe(["bob", "jane"]);
        command.TaskId.ShouldBe("t1");
    }

    [Fact]
    public void Decide_UserAddedAndRemoved_AssignsAndUnassigns()
    {
        var decision = PushAssignees.Decide(["jane"], ["bob", "jane"], Users, [new PushAssignees.Appointment("a1", "u-bob")]);

        decision.Assign.ShouldBe(["u-jane"]);
        decision.Unassign.ShouldBe(["a1"]);
    }

    [Fact]
    public void Decide_FtrackOnlyAssignee_IsKept() =>
        PushAssignees.Decide(["jane"], ["jane"], Users, [new PushAssignees.Appointment("a1", "u-jane"), new PushAssignees.Appointment("a2", "u-external")])
            .ShouldSatisfyAllConditions(d => d.Assign.ShouldBeEmpty(), d => d.Unassign.ShouldBeEmpty());

    [Fact]
    public void Decide_UnmappedUser_IsIgnored() =>
        PushAssignees.Decide(["ghost"], ["ghost"], Users, []).Assign.ShouldBeEmpty();
}

public sealed class FtrackUsersTests
{
    [Fact]
    public void Map_StoredIdThenEmailThenUsername_OneToOne()
    {
        FtrackUserRow[] ftrack = [new("f1", "jane@studio.test", "JANE@studio.test"), new("f2", "bob", null), new("f3", "carl", "carl@x")];
        AyonUserRow[] ayon = [new("jane", "jane@studio.test", null), new("bob", null, null), new("carl2", null, "f3"), new("jane2", "jane@studio.test", null)];

        var map = FtrackUsers.Map(ayon, ftrack);

        map["jane"].ShouldBe("f1");
        map["bob"].ShouldBe("f2");
        map["carl2"].ShouldBe("f3");
        map.ContainsKey("jane2").ShouldBeFalse();
    }
}

public sealed class CreateEntityTests
{
    private static readonly CreateEntity.NamedRow[] ObjectTypes = [new("o-task", "Task"), new("o-shot", "Shot"), new("o-folder", "Folder"), new("o-ab", "Asset Build")];
    private static readonly CreateEntity.NamedRow[] Types = [new("t-comp", "Compositing")];

    [Theory]
    [InlineData("entity.folder.created", true)]
    [InlineData("entity.task.created", true)]
    [InlineData("entity.product.created", false)]
    [InlineData("entity.folder.deleted", false)]
    public void From_Topic_RoutesFolderAndTaskCreation(string topic, bool routed) =>
        (CreateEntity.From(AyonEvents.Entity(topic)) is not null).ShouldBe(routed);

    [Fact]
    public void Decide_FolderTypeWithSpaceInFtrack_UsesThatObjectType() =>
        CreateEntity.Decide("folder", "AssetBuild", ObjectTypes, Types).ShouldBe(new CreateEntity.Plan("AssetBuild", "o-ab", null));

    [Fact]
    public void Decide_UnknownFolderType_FallsBackToFolder() =>
        CreateEntity.Decide("folder", "Asset", ObjectTypes, Types).ShouldBe(new CreateEntity.Plan("Folder", "o-folder", null));

    [Fact]
    public void Decide_Task_UsesTaskObjectAndTypeOfSameName() =>
        CreateEntity.Decide("task", "compositing", ObjectTypes, Types).ShouldBe(new CreateEntity.Plan("Task", "o-task", "t-comp"));

    [Fact]
    public void Decide_TaskTypeFtrackLacks_ReturnsNull() => CreateEntity.Decide("task", "Lookdev", ObjectTypes, Types).ShouldBeNull();

    [Theory]
    [InlineData("folder", "Shot", true)]
    [InlineData("folder", "asset build", true)]
    [InlineData("folder", "Asset", false)]
    [InlineData("task", "Compositing", true)]
    [InlineData("task", "Lookdev", false)]
    [InlineData("folder", null, true)]
    public void HasExactType_NameAgainstFtrackTypes_TrueOnlyForANamedType(string entityType, string? subType, bool expected) =>
        CreateEntity.HasExactType(entityType, subType, ObjectTypes, Types).ShouldBe(expected);
}

public sealed class MoveEntityTests
{
    [Theory]
    [InlineData("entity.folder.parent_changed", true)]
    [InlineData("entity.task.folder_changed", true)]
    [InlineData("entity.version.task_changed", true)]
    [InlineData("entity.product.folder_changed", false)]
    public void From_Topic_RoutesMoves(string topic, bool routed) => (MoveEntity.From(AyonEvents.Entity(topic)) is not null).ShouldBe(routed);

    [Fact]
    public void Decide_SameParent_ReturnsNull() => MoveEntity.Decide("task", "p1", "p1").ShouldBeNull();

    [Fact]
    public void Decide_VersionMovedToAnotherTask_SetsTaskId() =>
        MoveEntity.Decide("version", "t1", "t2").ShouldBe(new KeyValuePair<string, string?>("task_id", "t2"));
}

public sealed class DeleteEntityTests
{
    [Fact]
    public void From_Deleted_TakesFtrackIdFromEntityData()
    {
        var e = AyonEvents.Entity("entity.task.deleted", "t1", payload: new JsonObject { ["entityData"] = new JsonObject { ["id"] = "t1", ["attrib"] = new JsonObject { ["ftrackId"] = "ft-1" } } });

        DeleteEntity.From(e).ShouldBe(new DeleteEntity.Command("demo", "task", "t1", "ft-1"));
    }

    [Fact]
    public void From_RemovedMarker_IsNoFtrackId()
    {
        var e = AyonEvents.Entity("entity.folder.deleted", "f1", payload: new JsonObject { ["entityData"] = new JsonObject { ["id"] = "f1", ["attrib"] = new JsonObject { ["ftrackId"] = "removed" } } });

        DeleteEntity.From(e)!.FtrackId.ShouldBeNull();
    }
}

public sealed class ChangeTaskTypeTests
{
    [Fact]
    public void Decide_OtherType_ReturnsItsId() =>
        ChangeTaskType.Decide("lighting", "t-comp", [new("t-comp", "Compositing"), new("t-lgt", "Lighting")]).ShouldBe("t-lgt");

    [Fact]
    public void Decide_SameType_ReturnsNull() =>
        ChangeTaskType.Decide("Compositing", "t-comp", [new("t-comp", "Compositing")]).ShouldBeNull();
}

public sealed class PushEntityListTests
{
    [Fact]
    public void From_ListChanged_ReadsSnakeCaseSummary() =>
        PushEntityList.From(AyonEvents.List("entity_list.changed", "l1", "Hero", "folder")).ShouldBe(new PushEntityList.Command("demo", "l1"));

    [Theory]
    [InlineData("version", "assetversion")]
    [InlineData("folder", "task")]
    [InlineData("task", "task")]
    [InlineData("product", null)]
    public void SystemTypeFor_EntityType_IsFtrackListKind(string entityType, string? systemType) =>
        PushEntityList.SystemTypeFor(entityType).ShouldBe(systemType);

    [Fact]
    public void Match_ByFtrackIdBeforeName()
    {
        PushEntityList.FtrackList[] lists = [new("a", "hero", "task"), new("b", "Other", "task")];

        PushEntityList.Match("b", "Hero", lists)!.Id.ShouldBe("b");
        PushEntityList.Match(null, "HERO", lists)!.Id.ShouldBe("a");
        PushEntityList.Match(null, "None", lists).ShouldBeNull();
    }

    [Fact]
    public void DecideObjects_AddsMissingAndRemovesOnlySyncedStrays()
    {
        var changes = PushEntityList.DecideObjects(["e1", "e2"], [new("o1", "e1"), new("o3", "e3"), new("o4", "e4")], new HashSet<string> { "e3" });

        changes.Add.ShouldBe(["e2"]);
        changes.Remove.ShouldBe(["o3"]);
    }

    [Fact]
    public void DeleteMatches_ListTypeMustFit()
    {
        DeleteEntityList.Matches("version", "assetversion", []).ShouldBeTrue();
        DeleteEntityList.Matches("folder", "task", ["folder"]).ShouldBeTrue();
        DeleteEntityList.Matches("task", "task", ["folder"]).ShouldBeFalse();
        DeleteEntityList.Matches("folder", "assetversion", []).ShouldBeFalse();
    }
}

public sealed class PushThumbnailTests
{
    [Theory]
    [InlineData("entity.folder.thumbnail_changed", true)]
    [InlineData("entity.version.thumbnail_changed", true)]
    [InlineData("entity.product.thumbnail_changed", false)]
    public void From_Topic_RoutesThumbnailsFtrackHolds(string topic, bool routed) =>
        (PushThumbnail.From(AyonEvents.Entity(topic)) is not null).ShouldBe(routed);

    [Theory]
    [InlineData(null, "c1", null, PushThumbnail.Action.Nothing)]
    [InlineData("a1", null, null, PushThumbnail.Action.Upload)]
    [InlineData("a1", "c1", "c1", PushThumbnail.Action.Nothing)]
    [InlineData("a1", "c0", "c1", PushThumbnail.Action.Reuse)]
    public void Decide_States_UploadOnlyOnce(string? ayonThumbnail, string? ftrackThumbnail, string? uploaded, PushThumbnail.Action expected) =>
        PushThumbnail.Decide(ayonThumbnail, ftrackThumbnail, uploaded).ShouldBe(expected);
}

public sealed class PushReviewableTests
{
    [Fact]
    public void From_ReviewableCreated_ReadsSummary()
    {
        var e = new AyonFtrack.Features.Ayon.AyonEvent
        {
            Id = "r",
            Topic = "reviewable.created",
            Project = "demo",
            Status = "finished",
            Summary = new JsonObject { ["fileId"] = "f1", ["versionId"] = "v1", ["filename"] = "review.mp4", ["mimetype"] = "video/mp4" },
        };

        PushReviewable.From(e).ShouldBe(new PushReviewable.Command("demo", "f1", "v1", "review.mp4", "video/mp4"));
    }

    [Theory]
    [InlineData("video/mp4", "ftrackreview-mp4")]
    [InlineData("image/jpeg", "ftrackreview-image")]
    [InlineData(null, "reviewable")]
    public void ComponentName_MimeType_IsFtrackReviewName(string? mime, string name) => PushReviewable.ComponentName(mime).ShouldBe(name);
}
