using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;

namespace AyonFtrack.Integration.Tests.Sync;

/// <summary>P-22 through the real clients against both emulators.</summary>
public sealed class ProjectSyncTests
{
    [Fact]
    public async Task RunAsync_ShowBuiltInFtrack_AppearsInAyonWithHierarchyTypesStatusesAttributesAndEmptyDrift()
    {
        await using var world = await SyncWorld.StartAsync();
        await world.World.Ayon.AddUserAsync("jane", null, new JsonObject(), new JsonObject { ["email"] = "jane@studio.test" }, CancellationToken.None);

        var result = await world.FullSyncAsync();

        result.ProjectCreated.ShouldBeTrue();
        result.Report.ShouldBeEmpty();
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            var folders = await ayon.ListFoldersAsync(SyncWorld.ProjectName, new FolderFilter(), CancellationToken.None);
            folders.Select(f => f.Path).Order(StringComparer.Ordinal).ShouldBe(["/Assets", "/Assets/Hero_Char", "/sq01", "/sq01/sh010", "/sq01/sh_020"]);
            var shot2 = folders.Single(f => f.Path == "/sq01/sh_020");
            shot2.Label.ShouldBe("sh-020");
            shot2.FolderType.ShouldBe("Shot");
            shot2.ParseAllAttrib()["fps"]!.GetValue<double>().ShouldBe(23.976, 1e-9);
            shot2.ParseAllAttrib()["ftrackPath"]!.GetValue<string>().ShouldBe("sq01/sh-020");
            shot2.ParseAllAttrib()["ftrackId"]!.GetValue<string>().ShouldBe(world.Shot2Id);
            var shot1 = folders.Single(f => f.Path == "/sq01/sh010");
            shot1.Status.ShouldBe("In progress");
            shot1.ParseAllAttrib()["frameStart"]!.GetValue<int>().ShouldBe(1001);
            shot1.ParseAllAttrib()["fps"]!.GetValue<double>().ShouldBe(25.0, 1e-9);
            folders.Single(f => f.Path == "/Assets/Hero_Char").FolderType.ShouldBe("Asset Build");

            var tasks = await ayon.ListTasksAsync(SyncWorld.ProjectName, new TaskFilter(), CancellationToken.None);
            var comp = tasks.Single(t => t.FolderId == shot1.Id);
            comp.Name.ShouldBe("compositing");
            comp.TaskType.ShouldBe("Compositing");
            comp.Status.ShouldBe("Pending Review");
            comp.Assignees.ShouldBe(["jane"]);

            var project = (await ayon.GetProjectAsync(SyncWorld.ProjectName, CancellationToken.None)).Content!;
            project.Code.ShouldBe("ds");
            project.TaskTypes.Select(t => t.Name).ShouldContain("Compositing");
            project.FolderTypes.Select(t => t.Name).ShouldBe(["Folder", "Episode", "Sequence", "Shot", "Asset Build", "Milestone"]);
            project.Statuses.Single(s => s.Name == "Pending Review").State.ShouldBe("in_progress");
            project.Attrib["ftrackId"]!.GetValue<string>().ShouldBe(world.ProjectId);
            project.Attrib["fps"]!.GetValue<double>().ShouldBe(25.0, 1e-9);

            world.World.Ftrack.GetCustomAttributeValue(world.AyonIdConfigurationId, world.Shot2Id)!.GetValue<string>().ShouldBe(shot2.Id);
        }

        (await world.DriftAsync()).ShouldBeEmpty();

        // Written as the processor writes: AYON records the changes as sent by "ftrack", so the transmitter ignores them.
        var created = await world.World.Ayon.GetEventsAsync("entity.folder.created", CancellationToken.None);
        created.Count.ShouldBe(5);
        created.ShouldAllBe(e => e.SenderType == "ftrack");
    }

    [Fact]
    public async Task RunAsync_SecondRun_WritesNothingToAyonOrFtrack()
    {
        await using var world = await SyncWorld.StartAsync();
        await world.FullSyncAsync();
        var ayonWritesBefore = AyonWrites(world);
        var ftrackWritesBefore = FtrackWrites(world);

        var second = await world.FullSyncAsync();

        second.AyonOperations.ShouldBe(0);
        second.ProjectPatched.ShouldBeFalse();
        second.FtrackWrites.ShouldBe(0);
        AyonWrites(world).ShouldBe(ayonWritesBefore);
        FtrackWrites(world).ShouldBe(ftrackWritesBefore);
        (await world.DriftAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_AfterRenameMoveStatusAndAttributeInFtrack_DriftIsReportedThenRepaired()
    {
        await using var world = await SyncWorld.StartAsync();
        await world.FullSyncAsync();
        var ftrack = world.World.Ftrack;
        var (session, _, _, scope) = world.Scope();
        await using (scope)
        {
            session.Update(Features.Ftrack.FtrackEntityRef.Of("Shot", world.Shot1Id), new Dictionary<string, object?> { ["name"] = "sh010b" });
            session.Update(Features.Ftrack.FtrackEntityRef.Of("Task", world.AnimTaskId), new Dictionary<string, object?>
            {
                ["parent_id"] = world.Shot1Id, ["status_id"] = ftrack.StatusId("Approved"),
            });
            await session.CommitAsync(CancellationToken.None);
        }

        ftrack.SetCustomAttributeValue(world.FrameStartConfigurationId, world.Shot2Id, 1101);

        var drift = await world.DriftAsync();
        drift.Select(d => d.Kind).Distinct().Order().ToList().ShouldBe(
            [Features.Sync.DriftKind.Name, Features.Sync.DriftKind.Parent, Features.Sync.DriftKind.Status, Features.Sync.DriftKind.Attribute], string.Join("; ", drift));

        await world.FullSyncAsync();

        (await world.DriftAsync()).ShouldBeEmpty();
    }

    private static long FtrackWrites(SyncWorld world) =>
        world.World.Ftrack.GetActionCount("create") + world.World.Ftrack.GetActionCount("update") + world.World.Ftrack.GetActionCount("delete");

    private static long AyonWrites(SyncWorld world) =>
        world.World.Ayon.RequestCount("POST", "/api/projects") + world.World.Ayon.RequestCount("PATCH", "/api") + world.World.Ayon.RequestCount("PUT", "/api")
        + world.World.Ayon.RequestCount("DELETE", "/api");
}
