using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;

namespace AyonFtrack.Integration.Tests.Transmit;

/// <summary>
/// The transmitter (in process, built by Composition) between the two emulators: AYON changes made through the real
/// client, without sender type, reach ftrack as the expected state.
/// </summary>
public sealed class TransmitterEndToEndTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task AttribChanged_MappedAttributeOnShot_SetsFtrackCustomAttribute()
    {
        await using var w = await TransmitterWorld.StartAsync();
        await w.StartTransmitterAsync();

        await w.Ayon.UpdateFolderAsync(TransmitterWorld.Project, w.FolderId, new JsonObject { ["attrib"] = new JsonObject { ["frameStart"] = 1009 } }, None);
        var source = await w.LastEventAsync("entity.folder.attrib_changed");
        await w.WaitForJobAsync(source.Id);

        w.Ftrack.GetCustomAttributeValue(w.FstartConfiguration, w.FtrackShotId)!.GetValue<double>().ShouldBe(1009);
    }

    [Fact]
    public async Task StatusChanged_TaskStatus_SetsFtrackStatusOfSameName()
    {
        await using var w = await TransmitterWorld.StartAsync();
        await w.StartTransmitterAsync();

        await w.Ayon.UpdateTaskAsync(TransmitterWorld.Project, w.TaskId, new JsonObject { ["status"] = "Approved" }, None);
        var source = await w.LastEventAsync("entity.task.status_changed");
        await w.WaitForJobAsync(source.Id);

        w.Ftrack.GetEntity("Task", w.FtrackTaskId)!["status_id"]!.GetValue<string>().ShouldBe(w.Ftrack.StatusId("Approved"));
    }

    [Fact]
    public async Task AssigneesChanged_MappedUserAddedThenRemoved_CreatesThenDeletesAppointment()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var ftUser = w.Ftrack.AddUser("jane@studio.test", email: "jane@studio.test");
        await w.AyonEmulator.AddUserAsync("jane", null, new JsonObject(), new JsonObject { ["email"] = "Jane@Studio.test" }, None);
        await w.StartTransmitterAsync();

        await w.Ayon.AssignTaskAsync(TransmitterWorld.Project, w.TaskId, TaskAssignRequest.Add("jane"), None);
        var added = await w.LastEventAsync("entity.task.assignees_changed");
        await w.WaitForJobAsync(added.Id);
        var appointments = w.Ftrack.QueryLocal($"select id, resource_id, type from Appointment where context_id is \"{w.FtrackTaskId}\"");
        appointments.Count.ShouldBe(1);
        appointments[0]!["resource_id"]!.GetValue<string>().ShouldBe(ftUser.Id);
        appointments[0]!["type"]!.GetValue<string>().ShouldBe("assignment");

        await w.Ayon.AssignTaskAsync(TransmitterWorld.Project, w.TaskId, TaskAssignRequest.Remove("jane"), None);
        var removed = await w.LastEventAsync("entity.task.assignees_changed");
        await w.WaitForJobAsync(removed.Id);
        w.Ftrack.QueryLocal($"select id from Appointment where context_id is \"{w.FtrackTaskId}\"").Count.ShouldBe(0);
    }

    [Fact]
    public async Task FolderAndTaskCreated_UnderSyncedShot_CreatedInFtrackAndLinkedBothWays()
    {
        await using var w = await TransmitterWorld.StartAsync();
        await w.StartTransmitterAsync();

        var folder = await w.Ayon.CreateFolderAsync(TransmitterWorld.Project, new FolderCreate { Name = "sh020", FolderType = "Shot" }, None);
        var folderEvent = await w.LastEventAsync("entity.folder.created");
        await w.WaitForJobAsync(folderEvent.Id);
        var ftFolderId = (await w.AyonEmulator.GetEntityAsync(TransmitterWorld.Project, "folder", folder.Id, None))!["attrib"]!["ftrackId"]!.GetValue<string>();
        var ftFolder = w.Ftrack.GetEntity("Shot", ftFolderId)!;
        ftFolder["name"]!.GetValue<string>().ShouldBe("sh020");
        ftFolder["parent_id"]!.GetValue<string>().ShouldBe(w.FtrackProjectId);
        w.Ftrack.GetCustomAttributeValue(w.AyonIdConfiguration, ftFolderId)!.GetValue<string>().ShouldBe(folder.Id);

        var task = await w.Ayon.CreateTaskAsync(TransmitterWorld.Project, new TaskCreate { Name = "anim", TaskType = "Animation", FolderId = folder.Id }, None);
        var taskEvent = await w.LastEventAsync("entity.task.created");
        await w.WaitForJobAsync(taskEvent.Id);
        var ftTaskId = (await w.AyonEmulator.GetEntityAsync(TransmitterWorld.Project, "task", task.Id, None))!["attrib"]!["ftrackId"]!.GetValue<string>();
        var ftTask = w.Ftrack.GetEntity("Task", ftTaskId)!;
        ftTask["parent_id"]!.GetValue<string>().ShouldBe(ftFolderId);
        ftTask["type_id"]!.GetValue<string>().ShouldBe(w.Ftrack.TypeId("Animation"));

        // The transmitter's own ftrackId writes carry sender type ftrack, so they are never enrolled.
        var ownWrites = (await w.AyonEmulator.GetEventsAsync("entity.folder.attrib_changed", None)).Concat(await w.AyonEmulator.GetEventsAsync("entity.task.attrib_changed", None)).ToList();
        ownWrites.ShouldNotBeEmpty();
        ownWrites.ShouldAllBe(e => e.SenderType == "ftrack");
        foreach (var write in ownWrites)
        {
            (await w.JobsForAsync(write.Id)).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task TaskMovedRetypedAndDeleted_FtrackFollows()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var ftOther = w.Ftrack.AddShot(w.FtrackProjectId, "sh030");
        var other = await w.AyonEmulator.AddFolderAsync(TransmitterWorld.Project, "sh030", "Shot", null, new JsonObject { ["ftrackId"] = ftOther }, None);
        await w.StartTransmitterAsync();

        await w.Ayon.UpdateTaskAsync(TransmitterWorld.Project, w.TaskId, new JsonObject { ["folderId"] = other, ["taskType"] = "Lighting" }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.task.folder_changed")).Id);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.task.type_changed")).Id);
        var ftTask = w.Ftrack.GetEntity("Task", w.FtrackTaskId)!;
        ftTask["parent_id"]!.GetValue<string>().ShouldBe(ftOther);
        ftTask["type_id"]!.GetValue<string>().ShouldBe(w.Ftrack.TypeId("Lighting"));

        await w.Ayon.DeleteTaskAsync(TransmitterWorld.Project, w.TaskId, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.task.deleted")).Id);
        w.Ftrack.GetEntity("Task", w.FtrackTaskId).ShouldBeNull();
    }

    [Fact]
    public async Task EntityListCreatedChangedDeleted_FtrackListFollows()
    {
        await using var w = await TransmitterWorld.StartAsync();
        await w.StartTransmitterAsync();

        var list = await w.Ayon.CreateEntityListAsync(TransmitterWorld.Project, new EntityListCreate
        {
            EntityType = "folder",
            Label = "Hero",
            Items = [new EntityListItem { EntityId = w.FolderId }],
        }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity_list.created")).Id);
        var ftLists = w.Ftrack.QueryLocal("select id, name, system_type from List where name is \"Hero\"");
        ftLists.Count.ShouldBe(1);
        var ftListId = ftLists[0]!["id"]!.GetValue<string>();
        ftLists[0]!["system_type"]!.GetValue<string>().ShouldBe("task");
        w.Ftrack.QueryLocal($"select entity_id from ListObject where list_id is \"{ftListId}\"").Select(o => o!["entity_id"]!.GetValue<string>()).ShouldBe([w.FtrackShotId]);
        (await w.Ayon.GetEntityListAsync(TransmitterWorld.Project, list.Id, None)).Content!.Attrib["ftrackId"]!.GetValue<string>().ShouldBe(ftListId);

        await w.Ayon.PatchEntityListAsync(TransmitterWorld.Project, list.Id, new EntityListPatch { Label = "Heroes" }, None);
        var changed = (await w.AyonEmulator.GetEventsAsync("entity_list.changed", None)).Where(e => e.SenderType != "ftrack").OrderBy(e => e.CreationOrder).Last();
        await w.WaitForJobAsync(changed.Id);
        w.Ftrack.GetEntity("List", ftListId)!["name"]!.GetValue<string>().ShouldBe("Heroes");

        await w.Ayon.DeleteEntityListAsync(TransmitterWorld.Project, list.Id, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity_list.deleted")).Id);
        w.Ftrack.GetEntity("List", ftListId).ShouldBeNull();
    }

    [Fact]
    public async Task AttribChanged_EntityWithoutFtrackCounterpart_JobFinishedNotFailed()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var orphan = await w.AyonEmulator.AddFolderAsync(TransmitterWorld.Project, "orphan", "Shot", null, null, None);
        await w.StartTransmitterAsync();

        await w.Ayon.UpdateFolderAsync(TransmitterWorld.Project, orphan, new JsonObject { ["attrib"] = new JsonObject { ["frameStart"] = 1010 }, ["status"] = "Approved" }, None);
        var attrib = await w.LastEventAsync("entity.folder.attrib_changed");
        var status = await w.LastEventAsync("entity.folder.status_changed");
        await w.WaitForJobAsync(attrib.Id);
        await w.WaitForJobAsync(status.Id);

        (await w.JobsForAsync(attrib.Id)).ShouldHaveSingleItem().Retries.ShouldBe(0);
        (await w.JobsForAsync(status.Id)).ShouldHaveSingleItem().Retries.ShouldBe(0);
    }

    [Fact]
    public async Task Change_WithSenderTypeFtrack_IsNeverEnrolled()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var processorLike = w.Client("ftrack");
        await w.StartTransmitterAsync();

        await processorLike.UpdateFolderAsync(TransmitterWorld.Project, w.FolderId, new JsonObject { ["attrib"] = new JsonObject { ["frameStart"] = 1020 } }, None);
        var ignored = await w.LastEventAsync("entity.folder.attrib_changed");
        ignored.SenderType.ShouldBe("ftrack");

        // A later artist change is processed, so the transmitter has run past the ignored one.
        await w.Ayon.UpdateTaskAsync(TransmitterWorld.Project, w.TaskId, new JsonObject { ["status"] = "Approved" }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.task.status_changed")).Id);

        (await w.JobsForAsync(ignored.Id)).ShouldBeEmpty();
        w.Ftrack.GetCustomAttributeValue(w.FstartConfiguration, w.FtrackShotId).ShouldBeNull();
    }

    [Fact]
    public async Task ProjectAttribChanged_MappedShowAttribute_SetOnFtrackProjectOnce()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var fps = w.Ftrack.AddCustomAttribute("fps", "number", entityType: "show");
        await w.StartTransmitterAsync();

        await w.Ayon.PatchProjectAsync(TransmitterWorld.Project, new ProjectPatch { Attrib = new JsonObject { ["fps"] = 48 } }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.project.attrib_changed")).Id);
        var changed = await w.LastEventAsync("entity.project.changed");
        await w.WaitForJobAsync(changed.Id);

        w.Ftrack.GetCustomAttributeValue(fps, w.FtrackProjectId)!.GetValue<double>().ShouldBe(48);
        long Writes() => w.Ftrack.GetActionCount("create") + w.Ftrack.GetActionCount("update") + w.Ftrack.GetActionCount("delete");
        var writes = Writes();
        writes.ShouldBeGreaterThan(0);

        // A project PATCH that changes nothing still emits entity.project.changed; pushing it again writes nothing.
        await w.Ayon.PatchProjectAsync(TransmitterWorld.Project, new ProjectPatch { Attrib = new JsonObject { ["fps"] = 48 } }, None);
        var again = await w.LastEventAsync("entity.project.changed");
        again.Id.ShouldNotBe(changed.Id);
        await w.WaitForJobAsync(again.Id);
        Writes().ShouldBe(writes);
    }

    [Fact]
    public async Task VersionStatusChanged_VersionLinkedOnlyByProductAndNumber_SetsAssetVersionStatus()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var asset = w.Ftrack.AddAsset(w.FtrackShotId, "renderMain", "render");
        var ftVersion = w.Ftrack.AddAssetVersion(asset, 3, statusName: "In progress");
        var product = await w.AyonEmulator.AddProductAsync(TransmitterWorld.Project, w.FolderId, "renderMain", "render", None);
        var version = await w.AyonEmulator.AddVersionAsync(TransmitterWorld.Project, product, 3, null, None);
        await w.StartTransmitterAsync();

        await w.Ayon.UpdateVersionAsync(TransmitterWorld.Project, version, new JsonObject { ["status"] = "Approved" }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.version.status_changed")).Id);

        w.Ftrack.GetEntity("AssetVersion", ftVersion)!["status_id"]!.GetValue<string>().ShouldBe(w.Ftrack.StatusId("Approved"));
    }

    [Fact]
    public async Task ActiveChanged_TopicWithoutFtrackEffect_JobFinishedWithoutFtrackWrite()
    {
        await using var w = await TransmitterWorld.StartAsync();
        await w.StartTransmitterAsync();
        long Writes() => w.Ftrack.GetActionCount("create") + w.Ftrack.GetActionCount("update") + w.Ftrack.GetActionCount("delete");
        var writes = Writes();

        await w.Ayon.UpdateFolderAsync(TransmitterWorld.Project, w.FolderId, new JsonObject { ["active"] = false }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.folder.active_changed")).Id);

        Writes().ShouldBe(writes);
    }
}
