using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync;

namespace AyonFtrack.Integration.Tests.Sync;

/// <summary>ftrack TypedContextLink (folder → folder) ⇄ AYON folder links of the configured type, in the full sync and through the link-change slice.</summary>
public sealed class LinkSyncTests
{
    private const string LinkType = "breakdown|folder|folder";

    [Fact]
    public async Task RunAsync_FtrackShotLink_CreatesTheAyonLinkOnceAndDriftIsEmpty()
    {
        await using var world = await SyncWorld.StartAsync(syncLinkType: "breakdown");
        world.World.Ftrack.Seed("TypedContextLink", new JsonObject { ["from_id"] = world.Shot1Id, ["to_id"] = world.Shot2Id });
        world.World.Ftrack.Seed("TypedContextLink", new JsonObject { ["from_id"] = world.Shot1Id, ["to_id"] = world.CompTaskId });

        await world.FullSyncAsync();

        var links = await LinksAsync(world);
        var link = links.ShouldHaveSingleItem();
        link.Input.ShouldBe((await FolderAsync(world, world.Shot1Id)).Id);
        link.Output.ShouldBe((await FolderAsync(world, world.Shot2Id)).Id);
        link.LinkType.ShouldBe(LinkType);
        (await DriftAsync(world)).ShouldBeEmpty();
        var writes = world.AyonWrites;
        (await world.FullSyncAsync()).AyonOperations.ShouldBe(0);
        world.AyonWrites.ShouldBe(writes);
    }

    [Fact]
    public async Task RunAsync_LinkTypeSkipped_NoLinkAndNoLinkDrift()
    {
        await using var world = await SyncWorld.StartAsync();
        world.World.Ftrack.Seed("TypedContextLink", new JsonObject { ["from_id"] = world.Shot1Id, ["to_id"] = world.Shot2Id });

        await world.FullSyncAsync();

        (await LinksAsync(world)).ShouldBeEmpty();
        (await world.DriftAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_LinkTypeMissingOnProject_ReportedAndNoLink()
    {
        await using var world = await SyncWorld.StartAsync(syncLinkType: "nosuchtype");
        world.World.Ftrack.Seed("TypedContextLink", new JsonObject { ["from_id"] = world.Shot1Id, ["to_id"] = world.Shot2Id });

        var result = await world.FullSyncAsync();

        result.Report.ShouldContain(line => line.Contains("nosuchtype", StringComparison.Ordinal));
        (await LinksAsync(world)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Dispatch_LinkAddedThenRemoved_AyonLinkFollowsAndReplayWritesNothing()
    {
        await using var world = await SyncWorld.StartAsync(syncLinkType: "breakdown");
        await world.FullSyncAsync();
        var linkId = Guid.NewGuid().ToString();
        await world.CommitAsync(s => s.Create("TypedContextLink", new Dictionary<string, object?> { ["id"] = linkId, ["from_id"] = world.AssetId, ["to_id"] = world.Shot1Id }));
        var added = DependencyItem(world, "add", linkId, world.AssetId, world.Shot1Id);

        (await world.DispatchAsync(added)).Succeeded.ShouldBeTrue();

        var link = (await LinksAsync(world)).ShouldHaveSingleItem();
        link.Input.ShouldBe((await FolderAsync(world, world.AssetId)).Id);
        link.Output.ShouldBe((await FolderAsync(world, world.Shot1Id)).Id);
        (await DriftAsync(world)).ShouldBeEmpty();
        var writes = world.AyonWrites;
        (await world.DispatchAsync(added)).Succeeded.ShouldBeTrue();
        world.AyonWrites.ShouldBe(writes);

        await world.CommitAsync(s => s.Delete(FtrackEntityRef.Of("TypedContextLink", linkId)));
        var report = await world.DispatchAsync(DependencyItem(world, "remove", linkId, world.AssetId, world.Shot1Id));

        report.Outcomes.Select(o => o.Slice).ShouldBe(["Sync.AutoSyncFromFtrack"]);
        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        (await LinksAsync(world)).ShouldBeEmpty();
        (await DriftAsync(world)).ShouldBeEmpty();
    }

    [Fact]
    public async Task CompareAsync_AyonLinkWithoutFtrackLink_ReportsExtraEntityLink()
    {
        await using var world = await SyncWorld.StartAsync(syncLinkType: "breakdown");
        await world.FullSyncAsync();
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            await ayon.CreateLinkAsync(SyncWorld.ProjectName, new LinkCreate
            {
                Input = (await FolderAsync(world, world.Shot2Id)).Id, Output = (await FolderAsync(world, world.Shot1Id)).Id, LinkType = LinkType,
            }, CancellationToken.None);
        }

        var drift = await DriftAsync(world);

        drift.ShouldHaveSingleItem().Kind.ShouldBe(DriftKind.EntityLink);
        drift[0].Detail.ShouldContain("extra AYON link");
    }

    private static JsonObject DependencyItem(SyncWorld world, string action, string linkId, string from, string to)
    {
        var changes = action == "add"
            ? new JsonObject { ["from_id"] = new JsonObject { ["old"] = null, ["new"] = from }, ["to_id"] = new JsonObject { ["old"] = null, ["new"] = to } }
            : new JsonObject { ["from_id"] = new JsonObject { ["old"] = from, ["new"] = null }, ["to_id"] = new JsonObject { ["old"] = to, ["new"] = null } };
        return new JsonObject
        {
            ["action"] = action, ["entityId"] = linkId, ["entityType"] = "dependency", ["entity_type"] = "TypedContextLink", ["parentId"] = to,
            ["keys"] = new JsonArray("from_id", "to_id"), ["changes"] = changes,
            ["parents"] = new JsonArray(
                new JsonObject { ["entityId"] = linkId, ["entityType"] = "dependency", ["entity_type"] = "TypedContextLink", ["parentId"] = to },
                new JsonObject { ["entityId"] = to, ["entityType"] = "task", ["entity_type"] = "Shot" },
                new JsonObject { ["entityId"] = world.SequenceId, ["entityType"] = "task", ["entity_type"] = "Sequence" },
                new JsonObject { ["entityId"] = world.ProjectId, ["entityType"] = "show", ["entity_type"] = "Project", ["parentId"] = null }),
        };
    }

    private static async Task<IReadOnlyList<AyonLink>> LinksAsync(SyncWorld world)
    {
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            return await ayon.ListFolderLinksAsync(SyncWorld.ProjectName, null, null, CancellationToken.None);
        }
    }

    private static async Task<IReadOnlyList<DriftItem>> DriftAsync(SyncWorld world)
    {
        var (session, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            return await DriftReport.CompareAsync(session, ayon, SyncWorld.ProjectName, SyncWorld.Mapping, "breakdown", CancellationToken.None);
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
