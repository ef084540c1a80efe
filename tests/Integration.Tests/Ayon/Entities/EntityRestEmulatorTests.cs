using System.Net;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using Microsoft.Extensions.DependencyInjection;
using Refit;
using static AyonFtrack.Integration.Tests.Ayon.Entities.JsonAssert;

namespace AyonFtrack.Integration.Tests.Ayon.Entities;

/// <summary>Single-entity REST routes, task assign, attribute inheritance and GraphQL entity reads.</summary>
public sealed class EntityRestEmulatorTests
{
    private const string Project = EntityEmulatorHarness.Project;

    [Fact]
    public async Task CreateAndUpdateFolder_ThroughRest_EmitsEventsAndAnswersHttpErrors()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();

        var created = await h.FtrackApi.CreateFolderAsync(Project, new FolderCreate { Name = "sq01", FolderType = "Sequence", Attrib = Obj(("ftrackId", "f-1")) }, h.Token);
        await h.FtrackApi.UpdateFolderAsync(Project, created.Id, Obj(("status", "In progress"), ("thumbnailId", "0123456789abcdef0123456789abcdef")), h.Token);
        var duplicate = await Should.ThrowAsync<ApiException>(() => h.Api.CreateFolderAsync(Project, new FolderCreate { Name = "SQ01", FolderType = "Sequence" }, h.Token));
        var unknownType = await Should.ThrowAsync<ApiException>(() => h.Api.CreateFolderAsync(Project, new FolderCreate { Name = "sq02", FolderType = "Planet" }, h.Token));

        duplicate.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        unknownType.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var events = await h.EventsWithPrefixAsync("entity.");
        events.Select(e => (e.Topic, e.SenderType)).ShouldBe([
            ("entity.folder.created", "ftrack"),
            ("entity.folder.status_changed", "ftrack"),
            ("entity.folder.thumbnail_changed", "ftrack")]);
        events[1].Payload.ShouldBeJson(Obj(("oldValue", "Not ready"), ("newValue", "In progress")));
        var folder = (await h.Api.GetFolderAsync(Project, created.Id, h.Token)).Content!;
        folder.ShouldSatisfyAllConditions(
            () => folder.Path.ShouldBe("/sq01"),
            () => folder.Status.ShouldBe("In progress"),
            () => folder.Data["thumbnailHash"].Text().ShouldBe("0123456789abcdef0123456789abcdef"),
            () => folder.CreatedBy.ShouldBe("service"));
    }

    [Fact]
    public async Task AssignTask_AddThenRemove_EmitsAssigneesChangedWithSummaryIdsOnly()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        var folderId = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, h.Token);
        var taskId = await h.Emulator.AddTaskAsync(Project, folderId, "comp", "Compositing", h.Token);

        await h.FtrackApi.AssignTaskAsync(Project, taskId, TaskAssignRequest.Add("alice", "bob"), h.Token);
        await h.FtrackApi.AssignTaskAsync(Project, taskId, TaskAssignRequest.Add("alice"), h.Token);
        await h.Api.AssignTaskAsync(Project, taskId, TaskAssignRequest.Remove("alice"), h.Token);

        var events = await h.EventsAsync("entity.task.assignees_changed");
        events.Count.ShouldBe(2);
        events[0].SenderType.ShouldBe("ftrack");
        events[0].Summary.ShouldBeJson(Obj(("entityId", taskId), ("parentId", folderId)));
        events[0].Payload.ShouldBeJson(Obj(("oldValue", new JsonArray()), ("newValue", new JsonArray("alice", "bob"))));
        events[1].SenderType.ShouldBe("api");
        events[1].Payload.ShouldBeJson(Obj(("oldValue", new JsonArray("alice", "bob")), ("newValue", new JsonArray("bob"))));
        (await h.Api.GetTaskAsync(Project, taskId, h.Token)).Content!.Assignees.ShouldBe(["bob"]);
    }

    [Fact]
    public async Task GetFolderAndTask_InheritableAttributes_ComeFromProjectAndParentFolders()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        await h.Emulator.SetProjectAttribAsync(Project, Obj(("fps", 24.0), ("ftrackId", "p-1")), h.Token);
        var sequence = await h.Emulator.AddFolderAsync(Project, "sq01", "Sequence", null, Obj(("frameStart", 1)), h.Token);
        var shot = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", sequence, Obj(("fps", 30.0), ("ftrackId", "f-2")), h.Token);
        var taskId = await h.Emulator.AddTaskAsync(Project, shot, "comp", "Compositing", h.Token);

        var sq = (await h.Api.GetFolderAsync(Project, sequence, h.Token)).Content!;
        var sh = (await h.Api.GetFolderAsync(Project, shot, h.Token)).Content!;
        var task = (await h.Api.GetTaskAsync(Project, taskId, h.Token)).Content!;

        sq.Attrib["fps"]!.GetValue<double>().ShouldBe(24.0);
        sq.Attrib.ContainsKey("ftrackId").ShouldBeFalse();
        sq.OwnAttrib.ShouldBe(["frameStart"]);
        sh.Attrib["fps"]!.GetValue<double>().ShouldBe(30.0);
        sh.Attrib["frameStart"]!.GetValue<int>().ShouldBe(1);
        sh.Attrib["ftrackId"].Text().ShouldBe("f-2");
        sh.Path.ShouldBe("/sq01/sh010");
        task.Attrib["fps"]!.GetValue<double>().ShouldBe(30.0);
        task.Attrib.ContainsKey("ftrackId").ShouldBeFalse();
        task.Path.ShouldBe("/sq01/sh010/comp");

        await h.Api.UpdateFolderAsync(Project, shot, Obj(("attrib", Obj(("fps", null)))), h.Token);
        (await h.Api.GetFolderAsync(Project, shot, h.Token)).Content!.Attrib["fps"]!.GetValue<double>().ShouldBe(24.0);

        var list = await h.Api.GetFolderListAsync(Project, attrib: true, h.Token);
        list.Folders.Single(f => f.Id == shot).ShouldSatisfyAllConditions(
            f => f.Parents.ShouldBe(["sq01"]),
            f => f.TaskNames.ShouldBe(["comp"]),
            f => f.Attrib.ShouldNotBeNull()["frameStart"]!.GetValue<int>().ShouldBe(1));
        list.Folders.Single(f => f.Id == sequence).HasChildren.ShouldBeTrue();
    }

    [Fact]
    public async Task ListFolders_MoreThanOnePage_FollowsCursorsAndFilters()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        var root = await h.Emulator.AddFolderAsync(Project, "shots", "Folder", null, null, h.Token);
        var ids = new List<string>();
        for (var i = 0; i < 305; i++)
        {
            ids.Add(await h.Emulator.AddFolderAsync(Project, $"sh{i:D3}", "Shot", root, i == 7 ? Obj(("ftrackId", "f-7")) : null, h.Token));
        }

        var children = await h.Api.ListFoldersAsync(Project, new FolderFilter(ParentIds: [root]), h.Token);
        var named = await h.Api.ListFoldersAsync(Project, new FolderFilter(Names: ["sh007", "sh300"]), h.Token);
        var roots = await h.Api.ListFoldersAsync(Project, new FolderFilter(ParentIds: ["root"]), h.Token);

        children.Select(f => f.Id).ShouldBe(ids);
        named.Select(f => f.Name).ShouldBe(["sh007", "sh300"]);
        named[0].FtrackId.ShouldBe("f-7");
        (await h.Api.FindFoldersByFtrackIdAsync(Project, ["f-7", "f-unknown"], h.Token)).Select(f => f.Id).ShouldBe([ids[7]]);
        named[0].Path.ShouldBe("/shots/sh007");
        roots.Select(f => f.Id).ShouldBe([root]);
        h.Emulator.RequestCount("POST", "/graphql").ShouldBe(6);
    }

    [Fact]
    public async Task ListTasksProductsVersions_ByParents_ReturnNodes()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        var folderId = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, h.Token);
        var taskId = await h.Emulator.AddTaskAsync(Project, folderId, "comp", "Compositing", h.Token);
        var productId = await h.Emulator.AddProductAsync(Project, folderId, "renderMain", "render", h.Token);
        var versionId = await h.Emulator.AddVersionAsync(Project, productId, 3, taskId, h.Token);

        var tasks = await h.Api.ListTasksAsync(Project, new TaskFilter(FolderIds: [folderId]), h.Token);
        var products = await h.Api.ListProductsAsync(Project, new ProductFilter(FolderIds: [folderId]), h.Token);
        var versions = await h.Api.ListVersionsAsync(Project, new VersionFilter(ProductIds: [productId]), h.Token);
        var none = await h.Api.ListTasksAsync(Project, new TaskFilter(Names: ["nope"]), h.Token);
        var tracked = await h.Emulator.AddEntityAsync(Project, "task", Obj(("name", "anim"), ("taskType", "Animation"), ("folderId", folderId), ("attrib", Obj(("ftrackId", "t-1")))), h.Token);
        (await h.Api.FindTasksByFtrackIdAsync(Project, ["t-1"], h.Token)).Select(t => t.Id).ShouldBe([tracked]);

        tasks.Single().ShouldSatisfyAllConditions(t => t.Id.ShouldBe(taskId), t => t.TaskType.ShouldBe("Compositing"), t => t.FolderId.ShouldBe(folderId), t => t.Status.ShouldBe("Not ready"));
        products.Single().ShouldSatisfyAllConditions(p => p.Id.ShouldBe(productId), p => p.ProductType.ShouldBe("render"));
        versions.Single().ShouldSatisfyAllConditions(v => v.Id.ShouldBe(versionId), v => v.Version.ShouldBe(3), v => v.TaskId.ShouldBe(taskId), v => v.Author.ShouldBe("service"));
        none.ShouldBeEmpty();
        var missing = await Should.ThrowAsync<AyonGraphQlException>(() => h.Api.ListFoldersAsync("nosuchproject", new FolderFilter(), h.Token));
        missing.Message.ShouldContain("nosuchproject");
    }

    [Fact]
    public async Task GetFolder_UnknownIdOrBadId_AnswersNotFoundOrBadRequest()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();

        (await h.Api.GetFolderAsync(Project, Guid.NewGuid().ToString("N"), h.Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await h.Api.GetFolderAsync(Project, "not-an-id", h.Token)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await h.Api.GetFolderAsync("nosuchproject", Guid.NewGuid().ToString("N"), h.Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UpdateProductAndRepresentation_WithSenderHeaders_RecordSenderAndSenderType()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        var folderId = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, h.Token);
        var productId = await h.Emulator.AddProductAsync(Project, folderId, "renderMain", "render", h.Token);
        var versionId = await h.Emulator.AddVersionAsync(Project, productId, 1, null, h.Token);
        await using var provider = h.ClientWithSender("ftrack-processor", "ftrack");
        var api = provider.GetRequiredService<IAyonApi>();

        var representation = await api.CreateRepresentationAsync(Project, new RepresentationCreate { Name = "exr", VersionId = versionId, Files = [Obj(("path", "/a.exr"))] }, h.Token);
        await api.UpdateProductAsync(Project, productId, Obj(("productType", "plate")), h.Token);
        await api.UpdateRepresentationAsync(Project, representation.Id, Obj(("files", new JsonArray(Obj(("path", "/b.exr"))))), h.Token);
        await api.DeleteRepresentationAsync(Project, representation.Id, h.Token);

        var events = await h.EventsWithPrefixAsync("entity.");
        events.Select(e => e.Topic).ShouldBe(["entity.representation.created", "entity.product.product_type_changed", "entity.representation.files_changed", "entity.representation.deleted"]);
        events.ShouldAllBe(e => e.Sender == "ftrack-processor" && e.SenderType == "ftrack");
        events[1].Summary["value"].Text().ShouldBe("plate");
        events[2].Summary.ContainsKey("value").ShouldBeFalse();
        events[3].Summary.ShouldBeJson(Obj(("entityId", representation.Id), ("parentId", versionId)));
        (await h.Api.GetProductAsync(Project, productId, h.Token)).Content!.ProductType.ShouldBe("plate");
    }
}
