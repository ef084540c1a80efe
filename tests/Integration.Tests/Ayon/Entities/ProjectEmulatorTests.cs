using System.Net;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using Refit;
using static AyonFtrack.Integration.Tests.Ayon.Entities.JsonAssert;

namespace AyonFtrack.Integration.Tests.Ayon.Entities;

/// <summary>Project deploy, read, PATCH and delete with their §4.3 events, through the real client.</summary>
public sealed class ProjectEmulatorTests
{
    [Fact]
    public async Task DeployProject_FromPrimaryPreset_CreatesProjectAndEmitsCreated()
    {
        await using var h = await EntityEmulatorHarness.StartAsync(seedProject: false);

        var anatomy = (await h.Api.GetAnatomyPresetAsync("__primary__", h.Token)).Content.ShouldNotBeNull();
        var deployed = await h.FtrackApi.DeployProjectAsync(new DeployProjectRequest { Name = "show", Code = "sh", Anatomy = anatomy }, h.Token);

        deployed.StatusCode.ShouldBe(HttpStatusCode.Created);
        var project = (await h.Api.GetProjectAsync("show", h.Token)).Content.ShouldNotBeNull();
        project.ShouldSatisfyAllConditions(
            () => project.Code.ShouldBe("sh"),
            () => project.FolderTypes.Select(t => t.Name).ShouldBe(["Folder", "Episode", "Sequence", "Shot", "Asset"]),
            () => project.TaskTypes.Select(t => t.Name).ShouldContain("Compositing"),
            () => project.Statuses[0].ShouldSatisfyAllConditions(s => s.Name.ShouldBe("Not ready"), s => s.State.ShouldBe("not_started"), s => s.Scope.ShouldNotBeNull().ShouldContain("task")),
            () => project.LinkTypes.Select(l => l.Name).ShouldContain("reference|version|version"),
            () => project.Attrib["fps"]!.GetValue<double>().ShouldBe(25.0),
            () => project.OwnAttrib.ShouldContain("fps"));
        var created = (await h.EventsAsync("entity.project.created")).Single();
        created.ShouldSatisfyAllConditions(
            () => created.Project.ShouldBe("show"),
            () => created.SenderType.ShouldBe("ftrack"),
            () => created.Summary.Count.ShouldBe(0),
            () => created.Payload.Count.ShouldBe(0));
        (await h.Api.GetProjectsAsync(active: true, h.Token)).Projects.Select(p => p.Name).ShouldBe(["show"]);

        var duplicate = await h.Api.DeployProjectAsync(new DeployProjectRequest { Name = "show2", Code = "sh" }, h.Token);
        duplicate.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await h.Api.DeployProjectAsync(new DeployProjectRequest { Name = "show2", Code = "sh2" }, h.Token);
        var codeClash = await Should.ThrowAsync<ApiException>(() => h.Api.PatchProjectAsync("show2", new ProjectPatch { Code = "SH" }, h.Token));
        codeClash.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task PatchProject_AttribAndLists_EmitsAttribThenColumnsThenChanged()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        var before = (await h.Api.GetProjectAsync(EntityEmulatorHarness.Project, h.Token)).Content!;

        await h.Api.PatchProjectAsync(EntityEmulatorHarness.Project, new ProjectPatch
        {
            Attrib = Obj(("fps", 24.0), ("ftrackId", "p-1"), ("resolutionWidth", 1920)),
            Data = Obj(("ftrack", Obj(("id", "p-1")))),
            TaskTypes = [.. before.TaskTypes, new ProjectTypeItem { Name = "Tracking", ShortName = "trk" }],
        }, h.Token);

        var events = await h.EventsWithPrefixAsync("entity.project.");
        events.Select(e => e.Topic).ShouldBe(["entity.project.attrib_changed", "entity.project.data_changed", "entity.project.task_types_changed", "entity.project.changed"]);
        events.ShouldAllBe(e => e.Summary.Count == 0 && e.SenderType == "api" && e.Project == EntityEmulatorHarness.Project);
        events[0].Payload.ShouldBeJson(Obj(("oldValue", Obj(("fps", 25.0), ("ftrackId", null))), ("newValue", Obj(("fps", 24.0), ("ftrackId", "p-1")))));
        events[1].Payload.ShouldBeJson(Obj(("oldValue", new JsonObject()), ("newValue", Obj(("ftrack", Obj(("id", "p-1")))))));
        events[3].Payload.Count.ShouldBe(0);
        (await h.Api.GetProjectAsync(EntityEmulatorHarness.Project, h.Token)).Content!.TaskTypes.Select(t => t.Name).ShouldContain("Tracking");
    }

    [Fact]
    public async Task PatchProject_NoChange_StillEmitsProjectChanged()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();

        await h.FtrackApi.PatchProjectAsync(EntityEmulatorHarness.Project, new ProjectPatch { Active = true }, h.Token);

        var events = await h.EventsWithPrefixAsync("entity.project.");
        events.Select(e => (e.Topic, e.SenderType)).ShouldBe([("entity.project.changed", "ftrack")]);
    }

    [Fact]
    public async Task PatchProject_StatusWithOriginalName_RenamesAndEntitiesFollow()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        var project = (await h.Api.GetProjectAsync(EntityEmulatorHarness.Project, h.Token)).Content!;
        var folderId = await h.Emulator.AddFolderAsync(EntityEmulatorHarness.Project, "sh010", "Shot", null, null, h.Token);
        var statuses = project.Statuses.Select(s => s.Name == "Not ready" ? s with { Name = "Waiting", OriginalName = "Not ready" } : s).ToList();

        await h.Api.PatchProjectAsync(EntityEmulatorHarness.Project, new ProjectPatch { Statuses = statuses }, h.Token);

        (await h.Api.GetFolderAsync(EntityEmulatorHarness.Project, folderId, h.Token)).Content!.Status.ShouldBe("Waiting");
        var after = (await h.Api.GetProjectAsync(EntityEmulatorHarness.Project, h.Token)).Content!;
        after.Statuses.Select(s => s.Name).ShouldNotContain("Not ready");
        (await h.EventsWithPrefixAsync("entity.project.")).Select(e => e.Topic).ShouldBe(["entity.project.statuses_changed", "entity.project.changed"]);
    }

    [Fact]
    public async Task PatchProject_RemovingUsedFolderType_AnswersConflictAndKeepsList()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        await h.Emulator.AddFolderAsync(EntityEmulatorHarness.Project, "sh010", "Shot", null, null, h.Token);

        var error = await Should.ThrowAsync<ApiException>(() => h.Api.PatchProjectAsync(EntityEmulatorHarness.Project,
            new ProjectPatch { FolderTypes = [new ProjectTypeItem { Name = "Asset" }] }, h.Token));

        error.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        error.Content.ShouldNotBeNull().ShouldContain("Shot");
        (await h.Api.GetProjectAsync(EntityEmulatorHarness.Project, h.Token)).Content!.FolderTypes.Count.ShouldBe(5);
        (await h.EventsWithPrefixAsync("entity.project.")).ShouldBeEmpty();
    }

    [Fact]
    public async Task DeleteProject_Existing_RemovesItAndEmitsDeleted()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();

        await h.Api.DeleteProjectAsync(EntityEmulatorHarness.Project, h.Token);

        (await h.Api.GetProjectAsync(EntityEmulatorHarness.Project, h.Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await h.EventsAsync("entity.project.deleted")).Single().Payload.Count.ShouldBe(0);
        (await h.Api.GetAnatomyPresetAsync("no-such-preset", h.Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
