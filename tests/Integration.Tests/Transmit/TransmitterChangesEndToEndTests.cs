using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace AyonFtrack.Integration.Tests.Transmit;

/// <summary>
/// The transmitter (in process, built by Composition) between the two emulators, for the topics not covered by
/// <see cref="TransmitterEndToEndTests"/>: task and version attributes, folder status, folder and version deletes,
/// folder moves, a version's task, thumbnails and reviewables.
/// </summary>
public sealed class TransmitterChangesEndToEndTests
{
    private const string Project = TransmitterWorld.Project;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task AttribChanged_TaskAndVersion_SetMappedCustomAttributes()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var fend = w.Ftrack.AddCustomAttribute("fend", "number", entityType: "task", objectTypeId: w.Ftrack.ObjectTypeId("Task"));
        var versionFstart = w.Ftrack.AddCustomAttribute("fstart", "number", entityType: "assetversion");
        var (version, ftVersion) = await w.AddLinkedVersionAsync(1);
        await w.StartTransmitterAsync();

        await w.Ayon.UpdateTaskAsync(Project, w.TaskId, new JsonObject { ["attrib"] = new JsonObject { ["frameEnd"] = 1100 } }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.task.attrib_changed")).Id);
        await w.Ayon.UpdateVersionAsync(Project, version, new JsonObject { ["attrib"] = new JsonObject { ["frameStart"] = 1001 } }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.version.attrib_changed")).Id);

        w.Ftrack.GetCustomAttributeValue(fend, w.FtrackTaskId)!.GetValue<double>().ShouldBe(1100);
        w.Ftrack.GetCustomAttributeValue(versionFstart, ftVersion)!.GetValue<double>().ShouldBe(1001);
    }

    [Fact]
    public async Task StatusChanged_Folder_SetsShotStatusOfSameName()
    {
        await using var w = await TransmitterWorld.StartAsync();
        await w.StartTransmitterAsync();

        await w.Ayon.UpdateFolderAsync(Project, w.FolderId, new JsonObject { ["status"] = "Approved" }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.folder.status_changed")).Id);

        w.Ftrack.GetEntity("Shot", w.FtrackShotId)!["status_id"]!.GetValue<string>().ShouldBe(w.Ftrack.StatusId("Approved"));
    }

    [Fact]
    public async Task Deleted_FolderAndVersion_DeletedInFtrack()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var ftShot = w.Ftrack.AddShot(w.FtrackProjectId, "sh090");
        var folder = await w.AyonEmulator.AddFolderAsync(Project, "sh090", "Shot", null, new JsonObject { ["ftrackId"] = ftShot }, None);
        var (version, ftVersion) = await w.AddLinkedVersionAsync(2);
        await w.StartTransmitterAsync();

        await w.Ayon.DeleteVersionAsync(Project, version, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.version.deleted")).Id);
        await w.Ayon.DeleteFolderAsync(Project, folder, null, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.folder.deleted")).Id);

        w.Ftrack.GetEntity("AssetVersion", ftVersion).ShouldBeNull();
        w.Ftrack.GetEntity("Shot", ftShot).ShouldBeNull();
        w.Ftrack.GetEntity("Shot", w.FtrackShotId).ShouldNotBeNull();
    }

    [Fact]
    public async Task ParentChanged_FolderMovedUnderSequence_FtrackParentFollows()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var ftSequence = w.Ftrack.AddSequence(w.FtrackProjectId, "sq01");
        var sequence = await w.AyonEmulator.AddFolderAsync(Project, "sq01", "Sequence", null, new JsonObject { ["ftrackId"] = ftSequence }, None);
        await w.StartTransmitterAsync();

        await w.Ayon.UpdateFolderAsync(Project, w.FolderId, new JsonObject { ["parentId"] = sequence }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.folder.parent_changed")).Id);

        w.Ftrack.GetEntity("Shot", w.FtrackShotId)!["parent_id"]!.GetValue<string>().ShouldBe(ftSequence);
    }

    [Fact]
    public async Task RenamedAndLabelChanged_FolderAndTask_FtrackNameFollows()
    {
        await using var w = await TransmitterWorld.StartAsync();
        await w.StartTransmitterAsync();

        await w.Ayon.UpdateFolderAsync(Project, w.FolderId, new JsonObject { ["name"] = "sh011" }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.folder.renamed")).Id);
        w.Ftrack.GetEntity("Shot", w.FtrackShotId)!["name"]!.GetValue<string>().ShouldBe("sh011");

        await w.Ayon.UpdateTaskAsync(Project, w.TaskId, new JsonObject { ["label"] = "Comp Main" }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.task.label_changed")).Id);
        w.Ftrack.GetEntity("Task", w.FtrackTaskId)!["name"]!.GetValue<string>().ShouldBe("Comp Main");
    }

    [Fact]
    public async Task TaskChanged_VersionMovedToOtherTask_AssetVersionTaskFollows()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var ftLight = w.Ftrack.AddTask(w.FtrackShotId, "light", "Lighting");
        var light = await w.AyonEmulator.AddEntityAsync(Project, "task", new JsonObject
        {
            ["name"] = "light", ["taskType"] = "Lighting", ["folderId"] = w.FolderId, ["attrib"] = new JsonObject { ["ftrackId"] = ftLight },
        }, None);
        var (version, ftVersion) = await w.AddLinkedVersionAsync(1);
        await w.StartTransmitterAsync();

        await w.Ayon.UpdateVersionAsync(Project, version, new JsonObject { ["taskId"] = light }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.version.task_changed")).Id);

        w.Ftrack.GetEntity("AssetVersion", ftVersion)!["task_id"]!.GetValue<string>().ShouldBe(ftLight);
    }

    [Fact]
    public async Task ThumbnailChanged_FolderThenTaskThenVersion_OneServerComponentSetAsThumbnailOfAll()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var image = MediaSamples.Png(320, 180);
        var thumbnail = await w.AyonEmulator.AddThumbnailAsync(Project, image, "image/png", None);
        var (version, ftVersion) = await w.AddLinkedVersionAsync(1);
        await w.StartTransmitterAsync();

        await w.Ayon.UpdateFolderAsync(Project, w.FolderId, new JsonObject { ["thumbnailId"] = thumbnail }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.folder.thumbnail_changed")).Id);
        await w.Ayon.UpdateTaskAsync(Project, w.TaskId, new JsonObject { ["thumbnailId"] = thumbnail }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.task.thumbnail_changed")).Id);
        await w.Ayon.UpdateVersionAsync(Project, version, new JsonObject { ["thumbnailId"] = thumbnail }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.version.thumbnail_changed")).Id);

        var component = w.Ftrack.QueryLocal("select id, name, file_type from FileComponent where name is \"thumbnail\"").ShouldHaveSingleItem()!;
        var componentId = component["id"]!.GetValue<string>();
        component["file_type"]!.GetValue<string>().ShouldBe(".png");
        w.Ftrack.GetUploadedFile(componentId).ShouldBe(image);
        w.Ftrack.QueryLocal($"select location_id from ComponentLocation where component_id is \"{componentId}\"")
            .ShouldHaveSingleItem()!["location_id"]!.GetValue<string>().ShouldBe(Features.Transmit.FtrackUpload.ServerLocationId);
        w.Ftrack.GetEntity("Shot", w.FtrackShotId)!["thumbnail_id"]!.GetValue<string>().ShouldBe(componentId);
        w.Ftrack.GetEntity("Task", w.FtrackTaskId)!["thumbnail_id"]!.GetValue<string>().ShouldBe(componentId);
        w.Ftrack.GetEntity("AssetVersion", ftVersion)!["thumbnail_id"]!.GetValue<string>().ShouldBe(componentId);
    }

    [Fact]
    public async Task ReviewableCreated_VideoAndImage_ReviewComponentsOnAssetVersionWithFtrMeta()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var (version, ftVersion) = await w.AddLinkedVersionAsync(1);
        await w.StartTransmitterAsync();
        var video = MediaSamples.Mp4(1920, 1080, 24, 48);
        var still = MediaSamples.Png(1280, 720);

        using var videoContent = new ByteArrayContent(video);
        videoContent.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        var videoReviewable = await w.Ayon.UploadReviewableAsync(Project, version, "review", "sh010_v001.mp4", videoContent, None);
        await w.WaitForJobAsync((await w.LastEventAsync("reviewable.created")).Id);
        using var stillContent = new ByteArrayContent(still);
        stillContent.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var stillReviewable = await w.Ayon.UploadReviewableAsync(Project, version, null, "sh010_v001.png", stillContent, None);
        await w.WaitForJobAsync((await w.LastEventAsync("reviewable.created")).Id);

        var videoComponent = ReviewComponent(w, ftVersion, "ftrackreview-mp4", video);
        var meta = JsonNode.Parse(Metadata(w, videoComponent, "ftr_meta"))!.AsObject();
        meta["frameIn"]!.GetValue<double>().ShouldBe(0);
        meta["frameOut"]!.GetValue<double>().ShouldBe(48);
        meta["frameRate"]!.GetValue<double>().ShouldBe(24);
        Metadata(w, videoComponent, "ayon_file_id").ShouldBe(videoReviewable.FileId);
        var stillComponent = ReviewComponent(w, ftVersion, "ftrackreview-image", still);
        var stillMeta = JsonNode.Parse(Metadata(w, stillComponent, "ftr_meta"))!.AsObject();
        stillMeta["width"]!.GetValue<int>().ShouldBe(1280);
        stillMeta["height"]!.GetValue<int>().ShouldBe(720);
        stillMeta["format"]!.GetValue<string>().ShouldBe("image");
        Metadata(w, stillComponent, "ayon_file_id").ShouldBe(stillReviewable.FileId);
    }

    [Fact]
    public async Task ReviewableCreated_SameEventProcessedAgain_NoSecondComponent()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var (version, ftVersion) = await w.AddLinkedVersionAsync(1);
        await w.StartTransmitterAsync();

        using var content = new ByteArrayContent(MediaSamples.Mp4(640, 360, 25, 50));
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        await w.Ayon.UploadReviewableAsync(Project, version, null, "a.mp4", content, None);
        var source = await w.LastEventAsync("reviewable.created");
        await w.WaitForJobAsync(source.Id);

        // A restart after the commit but before the job was finished runs the job again: the component is found by its AYON file id.
        await w.StopTransmitterAsync();
        var job = (await w.JobsForAsync(source.Id)).ShouldHaveSingleItem();
        await w.Ayon.UpdateEventAsync(job.Id, new Features.Ayon.UpdateEventRequest { Status = "failed", Retries = 0 }, None);
        await w.StartTransmitterAsync();
        await w.WaitForJobAsync(source.Id);

        w.Ftrack.QueryLocal($"select id from FileComponent where version_id is \"{ftVersion}\"").Count.ShouldBe(1);
    }

    private static string ReviewComponent(TransmitterWorld w, string ftVersion, string name, byte[] bytes)
    {
        var component = w.Ftrack.QueryLocal($"select id from FileComponent where version_id is \"{ftVersion}\" and name is \"{name}\"").ShouldHaveSingleItem()!;
        var id = component["id"]!.GetValue<string>();
        w.Ftrack.GetUploadedFile(id).ShouldBe(bytes);
        w.Ftrack.QueryLocal($"select location_id from ComponentLocation where component_id is \"{id}\"")
            .ShouldHaveSingleItem()!["location_id"]!.GetValue<string>().ShouldBe(Features.Transmit.FtrackUpload.ServerLocationId);
        return id;
    }

    private static string Metadata(TransmitterWorld w, string componentId, string key) =>
        w.Ftrack.QueryLocal($"select value from Metadata where parent_id is \"{componentId}\" and key is \"{key}\"").ShouldHaveSingleItem()!["value"]!.GetValue<string>();
}
