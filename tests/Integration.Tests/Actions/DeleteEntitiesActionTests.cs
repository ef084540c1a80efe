using System.Text.Json.Nodes;
using AyonFtrack.Features.Actions;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Integration.Tests.Processor;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Integration.Tests.Sync;

namespace AyonFtrack.Integration.Tests.Actions;

/// <summary>
/// "Delete Folders/Products" (P-03) end to end as in production: the fake web client publishes on the ftrack emulator's
/// hub, the real leecher stores the events in AYON, the real processor composition takes them from AYON's queue, runs
/// the wizard and deletes in both emulators. The show is <see cref="SyncWorld"/>'s, synced to AYON first.
/// </summary>
public sealed class DeleteEntitiesActionTests
{
    private static readonly TimeSpan Deadline = ProcessorHarness.Deadline;

    private static async Task<(SyncWorld World, HostProcess Leecher)> StartSyncedAsync()
    {
        var (world, leecher) = await SyncActionTests.StartAsync(autoSync: false);
        await world.World.Ayon.SeedProjectAsync(SyncWorld.ProjectName, "ds", CancellationToken.None);
        await world.FullSyncAsync();
        (await world.DriftAsync()).ShouldBeEmpty();
        return (world, leecher);
    }

    private static JsonObject Selection(string contextId) =>
        new() { ["selection"] = new JsonArray(new JsonObject { ["entityId"] = contextId, ["entityType"] = "task" }) };

    private static JsonObject Launch(string contextId, JsonObject? values = null)
    {
        var data = Selection(contextId);
        data["actionIdentifier"] = DeleteEntities.Action.Identifier;
        if (values is not null)
        {
            data["values"] = values.DeepClone();
        }

        return data;
    }

    /// <summary>The values the web UI submits for a form (every named item's value, then the overrides).</summary>
    private static JsonObject Submit(JsonObject form, JsonObject? overrides = null) => PrepareProjectActionTests.Submit(form, overrides);

    private static Task<JsonObject> LaunchAsync(SyncWorld world, string contextId, JsonObject? values = null) =>
        SyncActionTests.ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(contextId, values)));

    private static async Task<IReadOnlyList<FolderNode>> AyonFoldersAsync(SyncWorld world)
    {
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            return await ayon.ListFoldersAsync(SyncWorld.ProjectName, new FolderFilter(), CancellationToken.None);
        }
    }

    private static int FtrackCount(SyncWorld world, string type, params string[] ids) =>
        world.World.Ftrack.QueryLocal($"select id from {type} where id in ({string.Join(", ", ids.Select(i => $"\"{i}\""))})").Count;

    private static async Task<List<AyonFtrack.Sandbox.Ayon.AyonEventRow>> AuditEventsAsync(SyncWorld world) =>
        await world.World.Ayon.GetEventsAsync(DeleteEntities.AuditTopic, CancellationToken.None);

    [Fact]
    public async Task DeleteFolders_OfferedToManagersOnly_WizardWrongWordThenDeleteRemovesTheSequenceInBothRecordsItAndAReplayDeletesNothing()
    {
        var (world, leecher) = await StartSyncedAsync();
        await using var disposeWorld = world;
        await using var disposeLeecher = leecher;
        var jane = world.World.Ftrack.AddUser(new AyonFtrack.Sandbox.Ftrack.Hub.FtrackHubServerOptions().WebClientUsername);
        world.World.Ftrack.Seed("UserSecurityRole", new JsonObject
        {
            ["user_id"] = jane.Id, ["security_role_id"] = AyonFtrack.Sandbox.Ftrack.FtrackSeed.IdFor("role:User"), ["is_all_projects"] = true,
        });
        await using var processor = await InProcessProcessor.StartAsync(world.World, []);

        // jane is a plain User: the settings' role_list is empty, and the fixed default (Administrator, Project Manager) applies.
        var notOffered = world.World.Hub.PublishAsWebClient(ServerAction.DiscoverTopic, Selection(world.SequenceId));
        await SyncActionTests.WaitProcessedAsync(world.World, notOffered);
        world.World.Hub.RepliesTo(notOffered).SelectMany(r => r["data"]!["items"]!.AsArray())
            .ShouldNotContain(i => i!["actionIdentifier"]!.GetValue<string>() == DeleteEntities.Action.Identifier);
        var refused = await LaunchAsync(world, world.SequenceId);
        refused["success"]!.GetValue<bool>().ShouldBeFalse();
        refused["message"]!.GetValue<string>().ShouldBe("You don't have a role that may run \"Delete Folders/Products\".");

        world.World.Ftrack.Seed("SecurityRole", new JsonObject
        {
            ["id"] = AyonFtrack.Sandbox.Ftrack.FtrackSeed.IdFor("role:Project Manager"), ["name"] = "Project Manager", ["type"] = "PROJECT",
        });
        world.World.Ftrack.Seed("UserSecurityRole", new JsonObject
        {
            ["user_id"] = jane.Id,
            ["security_role_id"] = AyonFtrack.Sandbox.Ftrack.FtrackSeed.IdFor("role:Project Manager"),
            ["is_all_projects"] = true,
        });
        var janeId = jane.Id;

        // Offered on a folder-like entity, never on a Task alone.
        var discover = world.World.Hub.PublishAsWebClient(ServerAction.DiscoverTopic, Selection(world.SequenceId));
        await ServiceWorld.WaitUntilAsync(
            () => Task.FromResult(world.World.Hub.RepliesTo(discover).SelectMany(r => r["data"]!["items"]!.AsArray()).Any(i => i!["actionIdentifier"]!.GetValue<string>() == DeleteEntities.Action.Identifier)),
            Deadline,
            "the delete action's item");
        var item = world.World.Hub.RepliesTo(discover).SelectMany(r => r["data"]!["items"]!.AsArray()).Single(i => i!["actionIdentifier"]!.GetValue<string>() == DeleteEntities.Action.Identifier)!;
        item["label"]!.GetValue<string>().ShouldBe("Delete Folders/Products");
        item["icon"]!.GetValue<string>().ShouldEndWith($"/addons/ftrack/{ServiceWorld.AddonVersion}/public/icons/DeleteAsset.svg");
        var onTask = world.World.Hub.PublishAsWebClient(ServerAction.DiscoverTopic, Selection(world.CompTaskId));
        await SyncActionTests.WaitProcessedAsync(world.World, onTask);
        world.World.Hub.RepliesTo(onTask).SelectMany(r => r["data"]!["items"]!.AsArray())
            .ShouldNotContain(i => i!["actionIdentifier"]!.GetValue<string>() == DeleteEntities.Action.Identifier);

        // The wizard: choose, see what goes, type the word.
        var choose = await LaunchAsync(world, world.SequenceId);
        choose["title"]!.GetValue<string>().ShouldBe("Choose action");
        var preview = await LaunchAsync(world, world.SequenceId, Submit(choose, new JsonObject { ["entity_type"] = "folders", ["action_type"] = "delete" }));
        preview["title"]!.GetValue<string>().ShouldBe("Confirm delete action");
        var lines = preview["items"]!.AsArray().Where(i => i!["type"]!.GetValue<string>() == "label").Select(i => i!["value"]!.GetValue<string>()).ToList();
        lines.ShouldContain(l => l.Contains("3 folder(s) are deleted with their tasks: /sq01, /sq01/sh010, /sq01/sh_020", StringComparison.Ordinal));
        lines.ShouldContain(l => l.Contains("3 folder-like entities and 2 task(s) are deleted", StringComparison.Ordinal));
        var foldersBefore = (await AyonFoldersAsync(world)).Count;

        // A wrong word shows the form again (second attempt) and changes nothing.
        var again = await LaunchAsync(world, world.SequenceId, Submit(preview, new JsonObject { ["delete_confirm_value"] = "delte" }));
        again["title"]!.GetValue<string>().ShouldBe("Confirm delete action");
        again["items"]!.AsArray().Single(i => i!["name"]?.GetValue<string>() == "delete_attempt_count")!["value"]!.GetValue<int>().ShouldBe(2);
        (await AyonFoldersAsync(world)).Count.ShouldBe(foldersBefore);
        FtrackCount(world, "TypedContext", world.SequenceId, world.Shot1Id, world.Shot2Id, world.CompTaskId, world.AnimTaskId).ShouldBe(5);
        world.World.Ftrack.QueryLocal("select id from Job").ShouldBeEmpty();

        var confirmed = Submit(again, new JsonObject { ["delete_confirm_value"] = "delete" });
        var done = await LaunchAsync(world, world.SequenceId, confirmed);
        done.ToJsonString().ShouldBe("""{"success":true,"message":"Delete folders finished."}""");
        var left = await AyonFoldersAsync(world);
        left.Count.ShouldBe(foldersBefore - 3);
        left.ShouldNotContain(f => f.Path != null && f.Path.StartsWith("/sq01", StringComparison.Ordinal));
        FtrackCount(world, "TypedContext", world.SequenceId, world.Shot1Id, world.Shot2Id, world.CompTaskId, world.AnimTaskId).ShouldBe(0);
        FtrackCount(world, "TypedContext", world.AssetId, world.ModelTaskId).ShouldBe(2);
        (await world.DriftAsync()).ShouldBeEmpty();
        var job = world.World.Ftrack.QueryLocal("select status, user_id from Job").Single()!.AsObject();
        job["status"]!.GetValue<string>().ShouldBe("done");
        job["user_id"]!.GetValue<string>().ShouldBe(janeId);

        // The audit event names what went (both sides) and who asked: the ftrack user id and username, no e-mail.
        var audit = (await AuditEventsAsync(world)).ShouldHaveSingleItem();
        audit.Project.ShouldBe(SyncWorld.ProjectName);
        audit.Payload["user"]!["ftrackId"]!.GetValue<string>().ShouldBe(janeId);
        audit.Payload["user"]!["username"]!.GetValue<string>().ShouldBe("jane");
        audit.Payload["action"]!.GetValue<string>().ShouldBe("delete");
        audit.Payload["folders"]!.AsArray().Select(f => f!["path"]!.GetValue<string>()).Order(StringComparer.Ordinal).ShouldBe(["/sq01", "/sq01/sh010", "/sq01/sh_020"]);
        audit.Payload["ftrack"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal)
            .ShouldBe(new[] { world.SequenceId, world.Shot1Id, world.Shot2Id, world.CompTaskId, world.AnimTaskId }.Order(StringComparer.Ordinal));
        audit.Payload.ToJsonString().ShouldNotContain("@");
        audit.Description!.ShouldContain("by jane");

        // The same launch again deletes nothing more and records nothing.
        var replay = await LaunchAsync(world, world.SequenceId, confirmed);
        replay["success"]!.GetValue<bool>().ShouldBeTrue();
        replay["message"]!.GetValue<string>().ShouldStartWith("Nothing left to delete");
        (await AyonFoldersAsync(world)).Count.ShouldBe(foldersBefore - 3);
        (await AuditEventsAsync(world)).Count.ShouldBe(1);
        world.World.Ftrack.QueryLocal("select id from Job").Count.ShouldBe(1);
    }

    [Fact]
    public async Task DeleteFolders_FolderHoldingPublishedProducts_RefusedWithTheReasonUntilTheFormConsents()
    {
        var (world, leecher) = await StartSyncedAsync();
        await using var disposeWorld = world;
        await using var disposeLeecher = leecher;
        SyncActionTests.GrantAdministrator(world.World);
        var shot = (await AyonFoldersAsync(world)).Single(f => f.Path == "/sq01/sh010");
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            (await ayon.PostOperationsAsync(SyncWorld.ProjectName, new OperationsRequest
            {
                Operations = [OperationModel.Create(AyonEntityTypes.Product, new JsonObject { ["name"] = "renderMain", ["productType"] = "render", ["folderId"] = shot.Id })],
            }, CancellationToken.None)).EnsureSuccess(SyncWorld.ProjectName);
        }

        await using var processor = await InProcessProcessor.StartAsync(world.World, []);
        var choose = await LaunchAsync(world, world.Shot1Id);
        var preview = await LaunchAsync(world, world.Shot1Id, Submit(choose, new JsonObject { ["entity_type"] = "folders", ["action_type"] = "delete" }));
        var consent = preview["items"]!.AsArray().Single(i => i!["name"]?.GetValue<string>() == "delete_published")!;
        consent["type"]!.GetValue<string>().ShouldBe("boolean");
        consent["value"]!.GetValue<bool>().ShouldBeFalse();

        var refused = await LaunchAsync(world, world.Shot1Id, Submit(preview, new JsonObject { ["delete_confirm_value"] = "delete" }));
        refused["success"]!.GetValue<bool>().ShouldBeFalse();
        refused["message"]!.GetValue<string>().ShouldContain("hold 1 published product(s) (/sq01/sh010)");
        (await AyonFoldersAsync(world)).ShouldContain(f => f.Id == shot.Id);
        FtrackCount(world, "TypedContext", world.Shot1Id, world.CompTaskId).ShouldBe(2);
        (await AuditEventsAsync(world)).ShouldBeEmpty();

        var done = await LaunchAsync(world, world.Shot1Id, Submit(preview, new JsonObject { ["delete_confirm_value"] = "DELETE", ["delete_published"] = true }));
        done["message"]!.GetValue<string>().ShouldBe("Delete folders finished.");
        (await AyonFoldersAsync(world)).ShouldNotContain(f => f.Id == shot.Id);
        FtrackCount(world, "TypedContext", world.Shot1Id, world.CompTaskId).ShouldBe(0);
        (await world.DriftAsync()).ShouldBeEmpty();
        (await AuditEventsAsync(world)).ShouldHaveSingleItem().Payload["products"]!.AsArray().Single()!["name"]!.GetValue<string>().ShouldBe("renderMain");
    }

    [Fact]
    public async Task ArchiveProducts_ChosenByName_ArchivesThemInAyonDeletesTheFtrackAssetsAndKeepsTheOthers()
    {
        var (world, leecher) = await StartSyncedAsync();
        await using var disposeWorld = world;
        await using var disposeLeecher = leecher;
        SyncActionTests.GrantAdministrator(world.World);
        var folders = await AyonFoldersAsync(world);
        var shot1 = folders.Single(f => f.Path == "/sq01/sh010");
        var shot2 = folders.Single(f => f.Path == "/sq01/sh_020");
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            (await ayon.PostOperationsAsync(SyncWorld.ProjectName, new OperationsRequest
            {
                Operations =
                [
                    OperationModel.Create(AyonEntityTypes.Product, new JsonObject { ["name"] = "renderMain", ["productType"] = "render", ["folderId"] = shot1.Id }),
                    OperationModel.Create(AyonEntityTypes.Product, new JsonObject { ["name"] = "renderMain", ["productType"] = "render", ["folderId"] = shot2.Id }),
                    OperationModel.Create(AyonEntityTypes.Product, new JsonObject { ["name"] = "plateRef", ["productType"] = "plate", ["folderId"] = shot2.Id }),
                ],
            }, CancellationToken.None)).EnsureSuccess(SyncWorld.ProjectName);
        }

        var render1 = world.World.Ftrack.AddAsset(world.Shot1Id, "renderMain", "render");
        var render2 = world.World.Ftrack.AddAsset(world.Shot2Id, "renderMain", "render");
        var plate = world.World.Ftrack.AddAsset(world.Shot2Id, "plateRef", "render");
        await using var processor = await InProcessProcessor.StartAsync(world.World, []);

        // Products of the sequence and the folders below it, archived; the names form lists each name with its count.
        var choose = await LaunchAsync(world, world.SequenceId);
        var names = await LaunchAsync(world, world.SequenceId, Submit(choose, new JsonObject { ["entity_type"] = "products_all", ["action_type"] = "archive" }));
        names["title"]!.GetValue<string>().ShouldBe("Choose product names to delete");
        var list = names["items"]!.AsArray().Single(i => i!["name"]?.GetValue<string>() == "product_names")!;
        list["data"]!.AsArray().Select(d => d!["label"]!.GetValue<string>()).ShouldBe(["plateRef (1)", "renderMain (2)"]);

        var preview = await LaunchAsync(world, world.SequenceId, Submit(names, new JsonObject { ["product_names"] = new JsonArray("renderMain") }));
        preview["title"]!.GetValue<string>().ShouldBe("Confirm archive action");
        preview["items"]!.AsArray().Where(i => i!["type"]!.GetValue<string>() == "label").Select(i => i!["value"]!.GetValue<string>())
            .ShouldContain(l => l.Contains("2 product(s) named renderMain are archived", StringComparison.Ordinal));
        var done = await LaunchAsync(world, world.SequenceId, Submit(preview, new JsonObject { ["delete_confirm_value"] = "archive" }));
        done["message"]!.GetValue<string>().ShouldBe("Archiving products finished.");

        var scope2 = world.Scope();
        await using (scope2.Scope)
        {
            var products = await scope2.Ayon.ListProductsAsync(SyncWorld.ProjectName, new ProductFilter(FolderIds: [shot1.Id, shot2.Id]), CancellationToken.None);
            products.Where(p => p.Name == "renderMain").ShouldAllBe(p => !p.Active);
            products.Single(p => p.Name == "plateRef").Active.ShouldBeTrue();
        }

        FtrackCount(world, "Asset", render1, render2).ShouldBe(0);
        FtrackCount(world, "Asset", plate).ShouldBe(1);
        FtrackCount(world, "TypedContext", world.SequenceId, world.Shot1Id, world.Shot2Id).ShouldBe(3);
        (await AuditEventsAsync(world)).ShouldHaveSingleItem().Payload["products"]!.AsArray().Count.ShouldBe(2);
    }
}
