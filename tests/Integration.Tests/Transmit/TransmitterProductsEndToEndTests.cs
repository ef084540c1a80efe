using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;

namespace AyonFtrack.Integration.Tests.Transmit;

/// <summary>
/// Products and versions through the transmitter (in process) between the two emulators: AYON product ↔ ftrack Asset
/// (by name under the folder's counterpart), AYON version ↔ ftrack AssetVersion (linked both ways).
/// </summary>
public sealed class TransmitterProductsEndToEndTests
{
    private const string Project = TransmitterWorld.Project;
    private static readonly CancellationToken None = CancellationToken.None;

    private static JsonArray AssetsUnder(TransmitterWorld w, string contextId) =>
        w.Ftrack.QueryLocal($"select id, name, type_id, context_id from Asset where context_id is \"{contextId}\"");

    [Fact]
    public async Task ProductCreatedRenamedMoved_AssetFollows()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var ftOther = w.Ftrack.AddShot(w.FtrackProjectId, "sh020");
        var other = await w.AyonEmulator.AddFolderAsync(Project, "sh020", "Shot", null, new JsonObject { ["ftrackId"] = ftOther }, None);
        await w.StartTransmitterAsync();

        var product = await w.Ayon.CreateProductAsync(Project, new ProductCreate { Name = "renderMain", ProductType = "render", FolderId = w.FolderId }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.product.created")).Id);
        var asset = AssetsUnder(w, w.FtrackShotId).ShouldHaveSingleItem()!;
        var assetId = asset["id"]!.GetValue<string>();
        asset["name"]!.GetValue<string>().ShouldBe("renderMain");
        asset["type_id"]!.GetValue<string>().ShouldBe(w.Ftrack.QueryLocal("select id from AssetType where short is \"render\"").ShouldHaveSingleItem()!["id"]!.GetValue<string>());

        await w.Ayon.UpdateProductAsync(Project, product.Id, new JsonObject { ["name"] = "renderHero" }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.product.renamed")).Id);
        w.Ftrack.GetEntity("Asset", assetId)!["name"]!.GetValue<string>().ShouldBe("renderHero");

        await w.Ayon.UpdateProductAsync(Project, product.Id, new JsonObject { ["folderId"] = other }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.product.folder_changed")).Id);
        w.Ftrack.GetEntity("Asset", assetId)!["context_id"]!.GetValue<string>().ShouldBe(ftOther);
        AssetsUnder(w, w.FtrackShotId).ShouldBeEmpty();
    }

    [Fact]
    public async Task VersionCreated_NewProduct_AssetAndAssetVersionWithTaskLinkedBothWays()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var product = await w.AyonEmulator.AddProductAsync(Project, w.FolderId, "compMain", "render", None);
        await w.StartTransmitterAsync();

        var version = await w.Ayon.CreateVersionAsync(Project, new VersionCreate { Version = 3, ProductId = product, TaskId = w.TaskId }, None);
        var created = await w.LastEventAsync("entity.version.created");
        await w.WaitForJobAsync(created.Id);

        var asset = AssetsUnder(w, w.FtrackShotId).ShouldHaveSingleItem()!;
        asset["name"]!.GetValue<string>().ShouldBe("compMain");
        var ftVersions = w.Ftrack.QueryLocal($"select id, version, task_id from AssetVersion where asset_id is \"{asset["id"]!.GetValue<string>()}\"");
        var ftVersion = ftVersions.ShouldHaveSingleItem()!;
        var ftVersionId = ftVersion["id"]!.GetValue<string>();
        ftVersion["version"]!.GetValue<int>().ShouldBe(3);
        ftVersion["task_id"]!.GetValue<string>().ShouldBe(w.FtrackTaskId);
        w.Ftrack.GetCustomAttributeValue(w.AyonIdConfiguration, ftVersionId)!.GetValue<string>().ShouldBe(version.Id);
        (await w.AyonEmulator.GetEntityAsync(Project, "version", version.Id, None))!["attrib"]!["ftrackId"]!.GetValue<string>().ShouldBe(ftVersionId);

        // The transmitter's own ftrackId write carries sender type ftrack and never comes back as a job.
        var ownWrite = await w.LastEventAsync("entity.version.attrib_changed");
        ownWrite.SenderType.ShouldBe("ftrack");
        (await w.JobsForAsync(ownWrite.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task PublishInAyon_ProductVersionAndReviewable_AssetVersionWithReviewComponentInFtrack()
    {
        await using var w = await TransmitterWorld.StartAsync();
        await w.StartTransmitterAsync();

        var product = await w.Ayon.CreateProductAsync(Project, new ProductCreate { Name = "plateMain", ProductType = "plate", FolderId = w.FolderId }, None);
        var version = await w.Ayon.CreateVersionAsync(Project, new VersionCreate { Version = 1, ProductId = product.Id, TaskId = w.TaskId }, None);
        using var content = new ByteArrayContent(MediaSamples.Mp4(1280, 720, 25, 75));
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        await w.Ayon.UploadReviewableAsync(Project, version.Id, null, "plate.mp4", content, None);
        await w.WaitForJobAsync((await w.LastEventAsync("reviewable.created")).Id);

        var ftVersionId = (await w.AyonEmulator.GetEntityAsync(Project, "version", version.Id, None))!["attrib"]!["ftrackId"]!.GetValue<string>();
        var assetId = w.Ftrack.GetEntity("AssetVersion", ftVersionId)!["asset_id"]!.GetValue<string>();
        w.Ftrack.GetEntity("Asset", assetId)!["name"]!.GetValue<string>().ShouldBe("plateMain");
        var component = w.Ftrack.QueryLocal($"select id from FileComponent where version_id is \"{ftVersionId}\" and name is \"ftrackreview-mp4\"").ShouldHaveSingleItem()!;
        var meta = JsonNode.Parse(w.Ftrack.QueryLocal($"select value from Metadata where parent_id is \"{component["id"]!.GetValue<string>()}\" and key is \"ftr_meta\"")
            .ShouldHaveSingleItem()!["value"]!.GetValue<string>())!;
        meta["frameOut"]!.GetValue<double>().ShouldBe(75);
        meta["frameRate"]!.GetValue<double>().ShouldBe(25);
    }

    [Fact]
    public async Task VersionCreated_ProcessedAgainAfterRestart_NoSecondAssetVersion()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var product = await w.AyonEmulator.AddProductAsync(Project, w.FolderId, "compMain", "render", None);
        await w.StartTransmitterAsync();

        await w.Ayon.CreateVersionAsync(Project, new VersionCreate { Version = 1, ProductId = product }, None);
        var created = await w.LastEventAsync("entity.version.created");
        await w.WaitForJobAsync(created.Id);
        await w.StopTransmitterAsync();
        var job = (await w.JobsForAsync(created.Id)).ShouldHaveSingleItem();
        await w.Ayon.UpdateEventAsync(job.Id, new Features.Ayon.UpdateEventRequest { Status = "failed", Retries = 0 }, None);
        await w.StartTransmitterAsync();
        await w.WaitForJobAsync(created.Id);

        w.Ftrack.QueryLocal("select id from AssetVersion").Count.ShouldBe(1);
        w.Ftrack.QueryLocal("select id from Asset").Count.ShouldBe(1);
    }

    [Fact]
    public async Task VersionProductChanged_AssetVersionMovesToTheNewProductsAsset()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var (version, ftVersion) = await w.AddLinkedVersionAsync(1);
        var other = await w.AyonEmulator.AddProductAsync(Project, w.FolderId, "renderHero", "render", None);
        await w.StartTransmitterAsync();

        await w.Ayon.UpdateVersionAsync(Project, version, new JsonObject { ["productId"] = other }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.version.product_changed")).Id);

        var assetId = w.Ftrack.GetEntity("AssetVersion", ftVersion)!["asset_id"]!.GetValue<string>();
        w.Ftrack.GetEntity("Asset", assetId)!["name"]!.GetValue<string>().ShouldBe("renderHero");
        AssetsUnder(w, w.FtrackShotId).Count.ShouldBe(2);
    }
}
