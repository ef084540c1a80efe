using System.Text.Json.Nodes;
using AyonFtrack.Features.Sync;
using AyonFtrack.Features.Sync.Planning;

namespace AyonFtrack.Features.Tests.Sync;

/// <summary>The list step of the incremental sync: which lists an event touches, and the list rules of <see cref="ListSync"/>.</summary>
public sealed class ListChangesTests
{
    [Fact]
    public void From_ListAddedAndListObjectRemoved_BothListIdsOnce()
    {
        var e = SyncEvents.Update(
            SyncEvents.Item("add", "list-1", "list", "TypedContextList", SyncEvents.Project, SyncEvents.Change("name", null, "Review")),
            SyncEvents.Item("remove", "lo-1", "listobject", "ListObject", "list-2", SyncEvents.Change("listid", "list-2", null), ("list-2", "list", "TypedContextList", SyncEvents.Project)),
            SyncEvents.Item("add", "lo-2", "listobject", "ListObject", "list-1", SyncEvents.Change("listid", null, "list-1"), ("list-1", "list", "TypedContextList", SyncEvents.Project)));

        var command = AutoSyncFromFtrack.From(e).ShouldNotBeNull();

        command.ProjectId.ShouldBe(SyncEvents.Project);
        command.Changes.Lists.ShouldBe(["list-1", "list-2"]);
        SyncSteps.NeedEntities(command.Changes).ShouldBeFalse();
    }

    [Fact]
    public void From_ListUpdateOfOtherKey_Null()
    {
        var e = SyncEvents.Update(SyncEvents.Item("update", "list-1", "list", "TypedContextList", SyncEvents.Project, SyncEvents.Change("is_open", "1", "0")));

        AutoSyncFromFtrack.From(e).ShouldBeNull();
    }

    [Theory]
    [InlineData("name")]
    [InlineData("ayon_list_type")]
    public void From_ListUpdateOfNameOrListType_ListId(string key)
    {
        var e = SyncEvents.Update(SyncEvents.Item("update", "list-1", "list", "TypedContextList", SyncEvents.Project, SyncEvents.Change(key, "a", "b")));

        AutoSyncFromFtrack.From(e).ShouldNotBeNull().Changes.Lists.ShouldBe(["list-1"]);
    }

    [Fact]
    public void ListTypeOf_ArrayStringAndEncodedArray_FolderOrTask()
    {
        ListSync.ListTypeOf(new JsonArray("task")).ShouldBe("task");
        ListSync.ListTypeOf(JsonValue.Create("folder")).ShouldBe("folder");
        ListSync.ListTypeOf(JsonValue.Create("[\"task\"]")).ShouldBe("task");
        ListSync.ListTypeOf(JsonValue.Create("version")).ShouldBeNull();
        ListSync.ListTypeOf(null).ShouldBeNull();
    }

    [Fact]
    public void DesiredItems_MembersOfOtherTypeOrUnmapped_LeftOut()
    {
        var list = new FtrackListState("list-1", "Review", "folder", ["sh-1", "t-1", "gone"]);
        var ids = new Dictionary<string, (string AyonId, string Type)> { ["sh-1"] = ("f-1", "folder"), ["t-1"] = ("t-9", "task") };

        ListSync.DesiredItems(list, ids).ShouldBe(["f-1"]);
    }
}
