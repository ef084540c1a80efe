using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync;

namespace AyonFtrack.Integration.Tests.Sync;

/// <summary>ftrack lists → AYON entity lists in the full sync (P-22 step 13), over both emulators.</summary>
public sealed class ListSyncTests
{
    [Fact]
    public async Task RunAsync_FtrackShotList_CreatesAyonFolderListOnceWithItemsAndFtrackId()
    {
        await using var world = await SyncWorld.StartAsync();
        var listId = world.World.Ftrack.Seed("TypedContextList", new JsonObject { ["name"] = "Hero shots", ["project_id"] = world.ProjectId, ["is_open"] = true });
        world.World.Ftrack.Seed("ListObject", new JsonObject { ["list_id"] = listId, ["entity_id"] = world.Shot1Id });
        world.World.Ftrack.Seed("ListObject", new JsonObject { ["list_id"] = listId, ["entity_id"] = world.Shot2Id });
        world.World.Ftrack.Seed("ListObject", new JsonObject { ["list_id"] = listId, ["entity_id"] = world.CompTaskId });

        await world.FullSyncAsync();

        var list = (await ListsAsync(world)).ShouldHaveSingleItem();
        list.Label.ShouldBe("Hero shots");
        list.EntityType.ShouldBe("folder");
        ListSync.FtrackIdOf(list).ShouldBe(listId);
        list.Items.Edges.Select(e => e.EntityId).Order().ShouldBe(
            new[] { (await FolderAsync(world, world.Shot1Id)).Id, (await FolderAsync(world, world.Shot2Id)).Id }.Order());
        (await world.DriftAsync()).ShouldBeEmpty();
        var writes = world.AyonWrites;
        (await world.FullSyncAsync()).AyonOperations.ShouldBe(0);
        world.AyonWrites.ShouldBe(writes);
    }

    [Fact]
    public async Task RunAsync_AyonListMatchedByLabel_RenamedItemsMergedAndDeletedOtherListsKept()
    {
        await using var world = await SyncWorld.StartAsync();
        var listId = world.World.Ftrack.Seed("TypedContextList", new JsonObject { ["name"] = "Hero Shots", ["project_id"] = world.ProjectId, ["is_open"] = true });
        world.World.Ftrack.Seed("ListObject", new JsonObject { ["list_id"] = listId, ["entity_id"] = world.Shot1Id });
        world.World.Ftrack.Seed("ListObject", new JsonObject { ["list_id"] = listId, ["entity_id"] = world.Shot2Id });
        await world.FullSyncAsync();
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            var lists = await ayon.ListEntityListsAsync(SyncWorld.ProjectName, null, CancellationToken.None);
            foreach (var existing in lists)
            {
                await ayon.DeleteEntityListAsync(SyncWorld.ProjectName, existing.Id, CancellationToken.None);
            }

            await ayon.CreateEntityListAsync(SyncWorld.ProjectName, new EntityListCreate
            {
                EntityType = "folder", Label = "hero shots",
                Items = [new EntityListItem { EntityId = (await FolderAsync(world, world.Shot1Id)).Id }, new EntityListItem { EntityId = (await FolderAsync(world, world.AssetId)).Id }],
            }, CancellationToken.None);
            await ayon.CreateEntityListAsync(SyncWorld.ProjectName, new EntityListCreate { EntityType = "folder", Label = "AYON only" }, CancellationToken.None);
        }

        await world.FullSyncAsync();

        var after = await ListsAsync(world);
        after.Count.ShouldBe(2);
        after.ShouldContain(l => l.Label == "AYON only");
        var synced = after.Single(l => l.Label != "AYON only");
        synced.Label.ShouldBe("Hero Shots");
        ListSync.FtrackIdOf(synced).ShouldBe(listId);
        synced.Items.Edges.Select(e => e.EntityId).Order().ShouldBe(
            new[] { (await FolderAsync(world, world.Shot1Id)).Id, (await FolderAsync(world, world.Shot2Id)).Id }.Order());
        (await world.DriftAsync()).ShouldBeEmpty();
        var writes = world.AyonWrites;
        (await world.FullSyncAsync()).AyonOperations.ShouldBe(0);
        world.AyonWrites.ShouldBe(writes);
    }

    [Fact]
    public async Task Dispatch_CommittedListChanges_AyonListFollowsAndReplayWritesNothing()
    {
        await using var world = await SyncWorld.StartAsync();
        await world.FullSyncAsync();
        var listId = Guid.NewGuid().ToString();
        var objectId = Guid.NewGuid().ToString();

        var created = await CommitAndDispatchAsync(world, s =>
        {
            s.Create("TypedContextList", new Dictionary<string, object?> { ["id"] = listId, ["name"] = "Review", ["project_id"] = world.ProjectId, ["is_open"] = true });
            s.Create("ListObject", new Dictionary<string, object?> { ["id"] = objectId, ["list_id"] = listId, ["entity_id"] = world.Shot1Id });
        });

        var list = (await ListsAsync(world)).ShouldHaveSingleItem();
        list.Label.ShouldBe("Review");
        ListSync.FtrackIdOf(list).ShouldBe(listId);
        list.Items.Edges.Select(e => e.EntityId).ShouldBe([(await FolderAsync(world, world.Shot1Id)).Id]);
        var writes = world.AyonWrites;
        (await world.DispatchAsync([.. created])).Succeeded.ShouldBeTrue();
        world.AyonWrites.ShouldBe(writes);

        await CommitAndDispatchAsync(world, s =>
        {
            s.Update(FtrackEntityRef.Of("TypedContextList", listId), new Dictionary<string, object?> { ["name"] = "Final review" });
            s.Create("ListObject", new Dictionary<string, object?> { ["list_id"] = listId, ["entity_id"] = world.Shot2Id });
        });
        await CommitAndDispatchAsync(world, s => s.Delete(FtrackEntityRef.Of("ListObject", objectId)));

        list = (await ListsAsync(world)).ShouldHaveSingleItem();
        list.Label.ShouldBe("Final review");
        list.Items.Edges.Select(e => e.EntityId).ShouldBe([(await FolderAsync(world, world.Shot2Id)).Id]);
        (await world.DriftAsync()).ShouldBeEmpty();

        await CommitAndDispatchAsync(world, s => s.Delete(FtrackEntityRef.Of("TypedContextList", listId)));

        (await ListsAsync(world)).ShouldBeEmpty();
        (await world.DriftAsync()).ShouldBeEmpty();
    }

    /// <summary>
    /// One commit creating a shot and a list holding it: one event, one slice (the list is the original's step 5, after
    /// the creations), so the AYON list is created with the folder the same event created; a replay writes nothing.
    /// </summary>
    [Fact]
    public async Task Dispatch_ShotAndAListOfItInOneCommit_TheCreationStepThenTheListStep()
    {
        await using var world = await SyncWorld.StartAsync();
        await world.FullSyncAsync();
        var shotId = Guid.NewGuid().ToString();
        var listId = Guid.NewGuid().ToString();

        var (entities, report) = await world.CommitAndDispatchAsync(s =>
        {
            s.Create("Shot", new Dictionary<string, object?> { ["id"] = shotId, ["name"] = "sh090", ["parent_id"] = world.SequenceId, ["project_id"] = world.ProjectId });
            s.Create("TypedContextList", new Dictionary<string, object?> { ["id"] = listId, ["name"] = "New shots", ["project_id"] = world.ProjectId, ["is_open"] = true });
            s.Create("ListObject", new Dictionary<string, object?> { ["list_id"] = listId, ["entity_id"] = shotId });
        });

        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        report.Outcomes.Where(o => o.Slice.StartsWith("Sync.", StringComparison.Ordinal)).Select(o => o.Slice).ShouldBe(["Sync.AutoSyncFromFtrack"]);
        var list = (await ListsAsync(world)).ShouldHaveSingleItem();
        list.Label.ShouldBe("New shots");
        list.Items.Edges.Select(e => e.EntityId).ShouldBe([(await FolderAsync(world, shotId)).Id]);
        (await world.DriftAsync()).ShouldBeEmpty();
        var writes = world.AyonWrites;
        (await world.DispatchAsync([.. entities])).Succeeded.ShouldBeTrue();
        world.AyonWrites.ShouldBe(writes);
    }

    /// <summary>
    /// An AssetVersionList's items become AYON version list items: one version linked by AYON's ftrackId, one by the
    /// ayon_id stored in ftrack, one guessed by product name and version number; one with no AYON version is left out.
    /// The ids found are written back to ftrack; a committed item change follows; replays write nothing.
    /// </summary>
    [Fact]
    public async Task RunAsync_VersionList_ItemsMappedByIdThenByProductAndNumber()
    {
        await using var world = await SyncWorld.StartAsync();
        await world.FullSyncAsync();
        var ftrack = world.World.Ftrack;
        var ayonEmulator = world.World.Ayon;
        var shot = await FolderAsync(world, world.Shot1Id);
        var asset = ftrack.AddAsset(world.Shot1Id, "renderMain", "render");
        var (v1, v2, v3, v4) = (ftrack.AddAssetVersion(asset, 1), ftrack.AddAssetVersion(asset, 2), ftrack.AddAssetVersion(asset, 3), ftrack.AddAssetVersion(asset, 4));
        var product = await ayonEmulator.AddProductAsync(SyncWorld.ProjectName, shot.Id, "RenderMain", "render", CancellationToken.None);
        var linked = await ayonEmulator.AddEntityAsync(SyncWorld.ProjectName, "version",
            new JsonObject { ["version"] = 11, ["productId"] = product, ["attrib"] = new JsonObject { ["ftrackId"] = v1 } }, CancellationToken.None);
        var stored = await ayonEmulator.AddVersionAsync(SyncWorld.ProjectName, product, 12, null, CancellationToken.None);
        ftrack.SetCustomAttributeValue(world.AyonIdConfigurationId, v2, stored);
        var guessed = await ayonEmulator.AddVersionAsync(SyncWorld.ProjectName, product, 3, null, CancellationToken.None);
        var listId = ftrack.Seed("AssetVersionList", new JsonObject { ["name"] = "Dailies", ["project_id"] = world.ProjectId, ["is_open"] = true });
        foreach (var version in new[] { v1, v2, v3, v4 })
        {
            ftrack.Seed("ListObject", new JsonObject { ["list_id"] = listId, ["entity_id"] = version });
        }

        await world.FullSyncAsync();

        var list = (await ListsAsync(world)).ShouldHaveSingleItem();
        list.EntityType.ShouldBe("version");
        list.Items.Edges.Select(e => e.EntityId).Order().ShouldBe(new[] { linked, stored, guessed }.Order());
        ftrack.GetCustomAttributeValue(world.AyonIdConfigurationId, v1)!.GetValue<string>().ShouldBe(linked);
        ftrack.GetCustomAttributeValue(world.AyonIdConfigurationId, v3)!.GetValue<string>().ShouldBe(guessed);
        (await world.DriftAsync()).ShouldBeEmpty();
        var writes = world.AyonWrites;
        (await world.FullSyncAsync()).AyonOperations.ShouldBe(0);
        world.AyonWrites.ShouldBe(writes);

        // v4 gets its AYON version; its list object is removed and added again in ftrack: the item follows.
        var fourth = await ayonEmulator.AddVersionAsync(SyncWorld.ProjectName, product, 4, null, CancellationToken.None);
        var objectId = ftrack.QueryLocal($"select id from ListObject where entity_id is \"{v4}\"").Single()!["id"]!.GetValue<string>();
        await CommitAndDispatchAsync(world, s => s.Delete(FtrackEntityRef.Of("ListObject", objectId)));
        var added = await CommitAndDispatchAsync(world, s => s.Create("ListObject", new Dictionary<string, object?> { ["list_id"] = listId, ["entity_id"] = v4 }));

        (await ListsAsync(world)).ShouldHaveSingleItem().Items.Edges.Select(e => e.EntityId).ShouldContain(fourth);
        ftrack.GetCustomAttributeValue(world.AyonIdConfigurationId, v4)!.GetValue<string>().ShouldBe(fourth);
        (await world.DriftAsync()).ShouldBeEmpty();
        writes = world.AyonWrites;
        (await world.DispatchAsync([.. added])).Succeeded.ShouldBeTrue();
        world.AyonWrites.ShouldBe(writes);
    }

    /// <summary>P-16 step 5: AYON lists cannot change type, so ayon_list_type changed in ftrack is set back to the AYON list's type.</summary>
    [Fact]
    public async Task Dispatch_ListTypeChangedInFtrack_SetBackToTheAyonListType()
    {
        await using var world = await SyncWorld.StartAsync();
        await world.FullSyncAsync();
        var listType = world.World.Ftrack.AddCustomAttribute(ListSync.ListTypeKey, "enumerator", entityType: "list", defaultValue: "folder",
            config: """{"data": "[{\"value\": \"folder\", \"menu\": \"Folder\"}, {\"value\": \"task\", \"menu\": \"Task\"}]", "multiSelect": false}""");
        var listId = Guid.NewGuid().ToString();
        await CommitAndDispatchAsync(world, s =>
        {
            s.Create("TypedContextList", new Dictionary<string, object?> { ["id"] = listId, ["name"] = "Hero shots", ["project_id"] = world.ProjectId, ["is_open"] = true });
            s.Create("ListObject", new Dictionary<string, object?> { ["list_id"] = listId, ["entity_id"] = world.Shot1Id });
        });
        (await ListsAsync(world)).ShouldHaveSingleItem().EntityType.ShouldBe("folder");

        await CommitAndDispatchAsync(world, s => s.SetCustomAttribute(FtrackEntityRef.Of("TypedContextList", listId), listType, new JsonArray("task")));

        ListSync.ListTypeOf(world.World.Ftrack.GetCustomAttributeValue(listType, listId)).ShouldBe("folder");
        var list = (await ListsAsync(world)).ShouldHaveSingleItem();
        list.EntityType.ShouldBe("folder");
        list.Items.Edges.Select(e => e.EntityId).ShouldBe([(await FolderAsync(world, world.Shot1Id)).Id]);
        (await world.DriftAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task CompareAsync_ListNotSyncedOrItemMissing_ReportsEntityListDrift()
    {
        await using var world = await SyncWorld.StartAsync();
        await world.FullSyncAsync();
        var listId = world.World.Ftrack.Seed("TypedContextList", new JsonObject { ["name"] = "Hero shots", ["project_id"] = world.ProjectId, ["is_open"] = true });
        world.World.Ftrack.Seed("ListObject", new JsonObject { ["list_id"] = listId, ["entity_id"] = world.Shot1Id });

        var before = await world.DriftAsync();

        before.ShouldHaveSingleItem().Kind.ShouldBe(DriftKind.EntityList);
        before[0].Detail.ShouldContain("has no AYON list");
        await world.FullSyncAsync();
        (await world.DriftAsync()).ShouldBeEmpty();
        world.World.Ftrack.Seed("ListObject", new JsonObject { ["list_id"] = listId, ["entity_id"] = world.Shot2Id });

        var after = await world.DriftAsync();

        after.ShouldHaveSingleItem().Detail.ShouldContain("lacks item " + (await FolderAsync(world, world.Shot2Id)).Id);
    }

    /// <summary>Commits through the product's session, then dispatches the <c>ftrack.update</c> the emulator published for that commit.</summary>
    private static async Task<JsonObject[]> CommitAndDispatchAsync(SyncWorld world, Action<FtrackSession> change)
    {
        var (entities, report) = await world.CommitAndDispatchAsync(change);
        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        report.Outcomes.Select(o => o.Slice).ShouldContain("Sync.AutoSyncFromFtrack");
        return entities;
    }

    private static async Task<IReadOnlyList<EntityListNode>> ListsAsync(SyncWorld world)
    {
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            return await ayon.ListEntityListsAsync(SyncWorld.ProjectName, null, CancellationToken.None);
        }
    }

    private static async Task<FolderNode> FolderAsync(SyncWorld world, string ftrackId)
    {
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            return (await ayon.FindFoldersByFtrackIdAsync(SyncWorld.ProjectName, [ftrackId], CancellationToken.None)).ShouldHaveSingleItem();
        }
    }
}
