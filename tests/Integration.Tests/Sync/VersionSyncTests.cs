using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Integration.Tests.Support;

namespace AyonFtrack.Integration.Tests.Sync;

/// <summary>AssetVersion status and attributes → AYON versions (P-16 step 2 for versions, P-22 step 12), over both emulators.</summary>
public sealed class VersionSyncTests
{
    [Fact]
    public async Task Dispatch_AssetVersionStatusAndFpsChanged_AyonVersionFollowsAndReplayWritesNothing()
    {
        await using var world = await SyncWorld.StartAsync();
        await world.FullSyncAsync();
        var (version, ayonVersion) = await PublishedVersionAsync(world, linkById: true);

        var (entities, report) = await world.CommitAndDispatchAsync(s =>
        {
            s.Update(FtrackEntityRef.Of("AssetVersion", version), new Dictionary<string, object?> { ["status_id"] = world.World.Ftrack.StatusId("Approved") });
            s.SetCustomAttribute(FtrackEntityRef.Of("AssetVersion", version), world.FpsConfigurationId, 23.976);
        });

        report.Succeeded.ShouldBeTrue(report.FailureSummary);
        report.Outcomes.Select(o => o.Slice).ShouldContain("Sync.AutoSyncFromFtrack");
        var after = await VersionAsync(world, ayonVersion);
        after.Status.ShouldBe("Approved");
        after.ParseAllAttrib()["fps"]!.GetValue<double>().ShouldBe(23.976);
        var writes = world.AyonWrites;
        (await world.DispatchAsync(entities)).Succeeded.ShouldBeTrue();
        world.AyonWrites.ShouldBe(writes);
    }

    /// <summary>With <c>sync_versions</c> on, the full sync sets the status of versions guessed by product name and number, and stores their ids in ftrack.</summary>
    [Fact]
    public async Task FullSync_SyncVersionsOn_VersionStatusSetAndAyonIdWrittenBack()
    {
        await using var world = await SyncWorld.StartAsync();
        await world.FullSyncAsync();
        var (version, ayonVersion) = await PublishedVersionAsync(world, linkById: false);
        await world.CommitAsync(s => s.Update(FtrackEntityRef.Of("AssetVersion", version), new Dictionary<string, object?> { ["status_id"] = world.World.Ftrack.StatusId("On Hold") }));

        await world.FullSyncAsync();
        (await VersionAsync(world, ayonVersion)).Status.ShouldNotBe("On Hold");

        await world.World.Ayon.SetProjectAddonSettingsAsync("ftrack", ServiceWorld.AddonVersion, "production", SyncWorld.ProjectName, new JsonObject
        {
            ["service_event_handlers"] = new JsonObject { ["sync_from_ftrack"] = new JsonObject { ["sync_versions"] = true } },
        }, CancellationToken.None);
        await world.FullSyncAsync();

        (await VersionAsync(world, ayonVersion)).Status.ShouldBe("On Hold");
        world.World.Ftrack.GetCustomAttributeValue(world.AyonIdConfigurationId, version)!.GetValue<string>().ShouldBe(ayonVersion);
        var writes = world.AyonWrites;
        (await world.FullSyncAsync()).AyonOperations.ShouldBe(0);
        world.AyonWrites.ShouldBe(writes);
    }

    /// <summary>An AssetVersion "renderMain" v1 under shot sh010 and its AYON version (linked by ftrackId, or only by product name and number).</summary>
    private static async Task<(string Version, string AyonVersion)> PublishedVersionAsync(SyncWorld world, bool linkById)
    {
        var asset = world.World.Ftrack.AddAsset(world.Shot1Id, "renderMain", "render");
        var version = world.World.Ftrack.AddAssetVersion(asset, 1);
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            var folder = (await ayon.FindFoldersByFtrackIdAsync(SyncWorld.ProjectName, [world.Shot1Id], CancellationToken.None)).ShouldHaveSingleItem();
            var product = await world.World.Ayon.AddProductAsync(SyncWorld.ProjectName, folder.Id, "renderMain", "render", CancellationToken.None);
            var fields = new JsonObject { ["version"] = 1, ["productId"] = product };
            if (linkById)
            {
                fields["attrib"] = new JsonObject { ["ftrackId"] = version };
            }

            return (version, await world.World.Ayon.AddEntityAsync(SyncWorld.ProjectName, "version", fields, CancellationToken.None));
        }
    }

    private static async Task<VersionNode> VersionAsync(SyncWorld world, string id)
    {
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            return (await ayon.ListVersionsAsync(SyncWorld.ProjectName, new VersionFilter(Ids: [id]), CancellationToken.None)).ShouldHaveSingleItem();
        }
    }
}
