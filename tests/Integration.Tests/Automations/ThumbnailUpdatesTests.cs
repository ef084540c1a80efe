using System.Text.Json.Nodes;
using AyonFtrack.Features.Automations;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Integration.Tests.Automations;

/// <summary>P-20 through the processor's dispatcher over both emulators.</summary>
public sealed class ThumbnailUpdatesTests
{
    [Fact]
    public async Task Dispatch_VersionGetsAThumbnail_TaskAndShotShowItSequenceNotAndItSettles()
    {
        string version = "", thumbnail = "";
        await using var world = await AutomationWorld.StartAsync(w =>
        {
            var asset = w.Ftrack.AddAsset(w.Sync.Shot2Id, "renderMain", "render");
            version = w.Ftrack.AddAssetVersion(asset, 1, taskId: w.Sync.AnimTaskId);
            thumbnail = w.Ftrack.Seed("FileComponent", new JsonObject { ["name"] = "thumbnail", ["file_type"] = ".jpg", ["size"] = 10 });
        });

        var events = await world.CommitAndSettleAsync(s => s.Update(FtrackEntityRef.Of("AssetVersion", version), new Dictionary<string, object?> { ["thumbnail_id"] = thumbnail }));

        ThumbnailOf(world, world.Sync.AnimTaskId).ShouldBe(thumbnail);
        ThumbnailOf(world, world.Sync.Shot2Id).ShouldBe(thumbnail);
        ThumbnailOf(world, world.Sync.SequenceId).ShouldBeNull("levels is 1: only the context right above the Asset");
        events.ShouldBe(2);
    }

    [Fact]
    public void Targets_LevelsZeroNothingElseTaskThenTheLevelsAboveTheAsset()
    {
        var change = new ThumbnailUpdates.Change("p", "v", ["sh", "sq", "ep"]);

        ThumbnailUpdates.Targets(change, 0, "t").ShouldBeEmpty();
        ThumbnailUpdates.Targets(change, 2, "t").ShouldBe(["t", "sh", "sq"]);
        ThumbnailUpdates.Targets(change, 5, null).ShouldBe(["sh", "sq", "ep"]);
    }

    private static string? ThumbnailOf(AutomationWorld world, string contextId) =>
        world.Ftrack.QueryLocal($"select thumbnail_id from TypedContext where id is \"{contextId}\"").Single()!["thumbnail_id"]?.GetValue<string>();
}
