using System.Net;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Sandbox.Ayon.Entities;
using Microsoft.Extensions.DependencyInjection;
using Refit;
using static AyonFtrack.Integration.Tests.Ayon.Entities.JsonAssert;

namespace AyonFtrack.Integration.Tests.Ayon.Entities;

/// <summary>The operations endpoint and its entity events, through the real client against the emulator.</summary>
public sealed class OperationsEmulatorTests
{
    private const string Project = EntityEmulatorHarness.Project;

    private static string NewId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task PostOperations_CreateFolderTaskProductVersionAsProcessor_EmitsCreatedEventsWithFtrackSenderType()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        string folderId = NewId(), taskId = NewId(), productId = NewId(), versionId = NewId();

        var response = await h.FtrackApi.PostOperationsAsync(Project, new OperationsRequest
        {
            Operations =
            [
                OperationModel.Create(AyonEntityTypes.Folder, Obj(("name", "sh010"), ("folderType", "Shot"), ("attrib", Obj(("ftrackId", "f-1")))), folderId),
                OperationModel.Create(AyonEntityTypes.Task, Obj(("name", "comp"), ("taskType", "Compositing"), ("folderId", folderId)), taskId),
                OperationModel.Create(AyonEntityTypes.Product, Obj(("name", "renderMain"), ("productType", "render"), ("folderId", folderId)), productId),
                OperationModel.Create(AyonEntityTypes.Version, Obj(("version", 1), ("productId", productId), ("taskId", taskId)), versionId),
            ],
        }, h.Token);

        response.EnsureSuccess(Project).Success.ShouldBeTrue();
        response.Operations.Select(o => (o.Type, o.EntityType, o.EntityId, o.Status, o.Success)).ShouldBe(
        [
            ("create", "folder", folderId, 201, true),
            ("create", "task", taskId, 201, true),
            ("create", "product", productId, 201, true),
            ("create", "version", versionId, 201, true),
        ]);

        var events = await h.EventsWithPrefixAsync("entity.");
        events.Select(e => e.Topic).ShouldBe(["entity.folder.created", "entity.task.created", "entity.product.created", "entity.version.created"]);
        events.ShouldAllBe(e => e.SenderType == "ftrack" && e.User == "service" && e.Project == Project && e.Status == "finished" && e.Sender == null && e.DependsOn == null && e.Hash == e.Id);
        events.ShouldAllBe(e => e.Payload.Count == 0);
        events[0].Summary.ShouldBeJson(Obj(("entityId", folderId), ("parentId", null)));
        events[1].Summary.ShouldBeJson(Obj(("entityId", taskId), ("parentId", folderId)));
        events[2].Summary.ShouldBeJson(Obj(("entityId", productId), ("parentId", folderId)));
        events[3].Summary.ShouldBeJson(Obj(("entityId", versionId), ("parentId", productId)));

        var version = (await h.Api.GetVersionAsync(Project, versionId, h.Token)).Content!;
        version.ShouldSatisfyAllConditions(
            () => version.Author.ShouldBe("service"),
            () => version.Status.ShouldBe("Not ready"),
            () => version.Path.ShouldBe("/sh010/renderMain/v001"));
    }

    [Fact]
    public async Task PostOperations_UpdateTaskWithoutSenderType_EmitsOrderedChangeEventsWithApiSenderType()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        var folderId = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, h.Token);
        var taskId = await h.Emulator.AddTaskAsync(Project, folderId, "comp", "Compositing", h.Token);

        var response = await h.Api.PostOperationsAsync(Project, new OperationsRequest
        {
            Operations = [OperationModel.Update(AyonEntityTypes.Task, taskId, Obj(
                ("label", "Comp"),
                ("data", Obj(("a", 1))),
                ("attrib", Obj(("ftrackId", "f-2"))),
                ("status", "Approved"),
                ("name", "comp")))],
        }, h.Token);

        response.Success.ShouldBeTrue();
        response.Operations.Single().Status.ShouldBe(204);
        var events = await h.EventsWithPrefixAsync("entity.");
        events.Select(e => e.Topic).ShouldBe(["entity.task.status_changed", "entity.task.attrib_changed", "entity.task.data_changed", "entity.task.label_changed"]);
        events.ShouldAllBe(e => e.SenderType == "api" && e.User == "service" && e.Project == Project);
        events[0].Payload.ShouldBeJson(Obj(("oldValue", "Not ready"), ("newValue", "Approved")));
        events[1].Payload.ShouldBeJson(Obj(("oldValue", new JsonObject()), ("newValue", Obj(("ftrackId", "f-2")))));
        events[2].Payload.ShouldBeJson(Obj(("oldValue", new JsonObject()), ("newValue", Obj(("a", 1)))));
        events[3].Payload.ShouldBeJson(Obj(("oldValue", null), ("newValue", "Comp")));

        // Real-server pitfall (§6.2), reproduced by default: every event of the update shares one summary whose value is the last one assigned.
        var shared = Obj(("entityId", taskId), ("parentId", folderId), ("entityPath", "/sh010/comp"), ("value", "Comp"));
        foreach (var e in events)
        {
            e.Summary.ShouldBeJson(shared);
        }
    }

    [Fact]
    public async Task PostOperations_SharedSummaryOff_EachEventCarriesItsOwnValue()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        h.Emulator.EntityEventOptions = new EntityEventOptions { SharedSummaryObject = false };
        var folderId = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, h.Token);
        var productId = await h.Emulator.AddProductAsync(Project, folderId, "renderMain", "render", h.Token);
        var versionId = await h.Emulator.AddVersionAsync(Project, productId, 1, null, h.Token);

        (await h.FtrackApi.PostOperationsAsync(Project, new OperationsRequest
        {
            Operations = [OperationModel.Update(AyonEntityTypes.Version, versionId, Obj(("status", "Approved"), ("active", false), ("attrib", Obj(("ftrackId", "v-1")))))],
        }, h.Token)).EnsureSuccess(Project);

        var events = await h.EventsWithPrefixAsync("entity.");
        events.Select(e => e.Topic).ShouldBe(["entity.version.status_changed", "entity.version.attrib_changed", "entity.version.active_changed"]);
        events.ShouldAllBe(e => e.SenderType == "ftrack");
        var basis = Obj(("entityId", versionId), ("parentId", productId), ("entityPath", "/sh010/renderMain/v001"));
        events[0].Summary.ShouldBeJson(Obj(("entityId", versionId), ("parentId", productId), ("entityPath", "/sh010/renderMain/v001"), ("value", "Approved")));
        events[1].Summary.ShouldBeJson(basis);
        events[2].Summary.ShouldBeJson(Obj(("entityId", versionId), ("parentId", productId), ("entityPath", "/sh010/renderMain/v001"), ("value", false)));
        events[2].Payload.ShouldBeJson(Obj(("oldValue", true), ("newValue", false)));
    }

    [Fact]
    public async Task PostOperations_RenameFolderAndDelete_EmitsRenamedAndDeletedWithOwnAttribsOnly()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        await h.Emulator.SetProjectAttribAsync(Project, Obj(("fps", 24.0)), h.Token);
        var folderId = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, Obj(("ftrackId", "f-9")), h.Token);

        (await h.Api.PostOperationsAsync(Project, new OperationsRequest
        {
            Operations = [OperationModel.Update(AyonEntityTypes.Folder, folderId, Obj(("name", "sh020")))],
        }, h.Token)).EnsureSuccess(Project);
        (await h.Api.PostOperationsAsync(Project, new OperationsRequest
        {
            Operations = [OperationModel.Delete(AyonEntityTypes.Folder, folderId)],
        }, h.Token)).EnsureSuccess(Project);

        var events = await h.EventsWithPrefixAsync("entity.");
        events.Select(e => e.Topic).ShouldBe(["entity.folder.renamed", "entity.folder.deleted"]);
        events[0].Summary.ShouldBeJson(Obj(("entityId", folderId), ("parentId", null), ("entityPath", "/sh020"), ("value", "sh020")));
        events[0].Payload.ShouldBeJson(Obj(("oldValue", "sh010"), ("newValue", "sh020")));
        events[1].Summary.ShouldBeJson(Obj(("entityId", folderId), ("parentId", null)));
        var entityData = events[1].Payload["entityData"].ShouldBeOfType<JsonObject>();
        entityData.ShouldSatisfyAllConditions(
            () => entityData["id"].Text().ShouldBe(folderId),
            () => entityData["name"].Text().ShouldBe("sh020"),
            () => entityData["attrib"].ShouldBeJson(Obj(("ftrackId", "f-9"))),
            () => entityData.ContainsKey("ownAttrib").ShouldBeFalse(),
            () => entityData.ContainsKey("parentId").ShouldBeFalse());
        (await h.Api.GetFolderAsync(Project, folderId, h.Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PostOperations_FailingOperationWithoutCanFail_RollsBackEverythingAndEmitsNothing()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        var folderId = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, h.Token);
        var taskId = await h.Emulator.AddTaskAsync(Project, folderId, "comp", "Compositing", h.Token);

        var response = await h.Api.PostOperationsAsync(Project, new OperationsRequest
        {
            Operations =
            [
                OperationModel.Create(AyonEntityTypes.Folder, Obj(("name", "sh020"), ("folderType", "Shot"))),
                OperationModel.Update(AyonEntityTypes.Task, taskId, Obj(("status", "No such status"))),
                OperationModel.Create(AyonEntityTypes.Folder, Obj(("name", "sh030"), ("folderType", "Shot"))),
            ],
        }, h.Token);

        response.Success.ShouldBeFalse();
        response.Operations.Count.ShouldBe(2);
        response.Operations[0].ShouldSatisfyAllConditions(r => r.Success.ShouldBeTrue(), r => r.Status.ShouldBe(201));
        response.Operations[1].ShouldSatisfyAllConditions(
            r => r.Success.ShouldBeFalse(),
            r => r.Status.ShouldBe(409),
            r => r.ErrorCode.ShouldBe("foreign-key-violation"),
            r => r.EntityId.ShouldBe(taskId),
            r => r.Detail.ShouldNotBeNull().ShouldContain("No such status"));
        (await h.Emulator.CountEntitiesAsync(Project, "folder", h.Token)).ShouldBe(1);
        (await h.Api.GetTaskAsync(Project, taskId, h.Token)).Content!.Status.ShouldBe("Not ready");
        (await h.EventsWithPrefixAsync("entity.")).ShouldBeEmpty();
        var failure = Should.Throw<AyonOperationsException>(() => response.EnsureSuccess(Project));
        failure.Message.ShouldContain($"update task {taskId}");
        failure.Message.ShouldContain("409 foreign-key-violation");
    }

    [Fact]
    public async Task PostOperations_CanFailTrue_CommitsIndependentlyAndReportsEachResult()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();

        var response = await h.Api.PostOperationsAsync(Project, new OperationsRequest
        {
            CanFail = true,
            Operations =
            [
                OperationModel.Create(AyonEntityTypes.Folder, Obj(("name", "sh010"), ("folderType", "Shot"))),
                OperationModel.Create(AyonEntityTypes.Folder, Obj(("name", "sh011"), ("folderType", "Spaceship"))),
                OperationModel.Create(AyonEntityTypes.Folder, Obj(("name", "SH010"), ("folderType", "Shot"))),
                OperationModel.Create(AyonEntityTypes.Folder, Obj(("name", "sh012"), ("folderType", "Shot"))),
            ],
        }, h.Token);

        response.Success.ShouldBeFalse();
        response.Operations.Select(o => (o.Status, o.ErrorCode)).ShouldBe([(201, null), (409, "foreign-key-violation"), (409, "unique-violation"), (201, null)]);
        (await h.Emulator.CountEntitiesAsync(Project, "folder", h.Token)).ShouldBe(2);
        (await h.EventsWithPrefixAsync("entity.")).Select(e => e.Summary["entityId"].Text())
            .ShouldBe([response.Operations[0].EntityId, response.Operations[3].EntityId]);
    }

    [Fact]
    public async Task PostOperations_SameTargetTwice_AnswersBadRequestAndChangesNothing()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        var folderId = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, h.Token);

        var error = await Should.ThrowAsync<ApiException>(() => h.Api.PostOperationsAsync(Project, new OperationsRequest
        {
            Operations =
            [
                OperationModel.Update(AyonEntityTypes.Folder, folderId, Obj(("label", "A"))),
                OperationModel.Delete(AyonEntityTypes.Folder, folderId),
            ],
        }, h.Token));

        error.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        error.Content.ShouldNotBeNull().ShouldContain("duplicate folder");
        (await h.Api.GetFolderAsync(Project, folderId, h.Token)).Content!.Label.ShouldBeNull();
        (await h.EventsWithPrefixAsync("entity.")).ShouldBeEmpty();
    }

    [Fact]
    public async Task PostOperations_RaiseOnErrorWithUnknownTaskType_AnswersConflictAndRollsBack()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        var folderId = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, h.Token);

        var error = await Should.ThrowAsync<ApiException>(() => h.Api.PostOperationsAsync(Project, new OperationsRequest
        {
            RaiseOnError = true,
            Operations =
            [
                OperationModel.Create(AyonEntityTypes.Task, Obj(("name", "anim"), ("taskType", "Animation"), ("folderId", folderId))),
                OperationModel.Create(AyonEntityTypes.Task, Obj(("name", "fx"), ("taskType", "Explosions"), ("folderId", folderId))),
            ],
        }, h.Token));

        error.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        error.Content.ShouldNotBeNull().ShouldContain("Explosions");
        (await h.Emulator.CountEntitiesAsync(Project, "task", h.Token)).ShouldBe(0);
        (await h.EventsWithPrefixAsync("entity.")).ShouldBeEmpty();
    }

    [Fact]
    public async Task PostOperations_AttribPatch_MergesPerKeyRemovesNullsAndDropsUnknownKeys()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        var folderId = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, Obj(("ftrackId", "f-1"), ("ftrackPath", "/old"), ("frameStart", 1001)), h.Token);

        (await h.Api.PostOperationsAsync(Project, new OperationsRequest
        {
            Operations = [OperationModel.Update(AyonEntityTypes.Folder, folderId, Obj(
                ("attrib", Obj(("ftrackPath", null), ("frameEnd", 1200), ("notAnAttribute", 1), ("ftrackId", "f-1"))),
                ("data", Obj(("keep", true)))))],
        }, h.Token)).EnsureSuccess(Project);

        var folder = (await h.Api.GetFolderAsync(Project, folderId, h.Token)).Content!;
        folder.OwnAttrib.ShouldBe(["ftrackId", "frameStart", "frameEnd"], ignoreOrder: true);
        folder.Attrib["ftrackId"].Text().ShouldBe("f-1");
        folder.Attrib["frameEnd"]!.GetValue<int>().ShouldBe(1200);
        folder.Attrib.ContainsKey("ftrackPath").ShouldBeFalse();
        folder.Attrib.ContainsKey("notAnAttribute").ShouldBeFalse();
        var attribEvent = (await h.EventsAsync("entity.folder.attrib_changed")).Single();
        attribEvent.Payload.ShouldBeJson(Obj(("oldValue", Obj(("ftrackPath", "/old"))), ("newValue", Obj(("ftrackPath", null), ("frameEnd", 1200)))));
        (await h.EventsAsync("entity.folder.data_changed")).Single().Payload.ShouldBeJson(Obj(("oldValue", new JsonObject()), ("newValue", Obj(("keep", true)))));
    }

    [Fact]
    public async Task PostOperations_MissingParentAndDeleteWithProducts_FailPerOperation()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        var folderId = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, h.Token);
        await h.Emulator.AddProductAsync(Project, folderId, "renderMain", "render", h.Token);

        var response = await h.Api.PostOperationsAsync(Project, new OperationsRequest
        {
            CanFail = true,
            Operations =
            [
                OperationModel.Create(AyonEntityTypes.Task, Obj(("name", "comp"), ("taskType", "Compositing"), ("folderId", NewId()))),
                OperationModel.Delete(AyonEntityTypes.Folder, folderId),
                OperationModel.Update(AyonEntityTypes.Folder, NewId(), Obj(("label", "x"))),
            ],
        }, h.Token);

        response.Operations.Select(o => (o.Status, o.ErrorCode)).ShouldBe([(409, "foreign-key-violation"), (409, null), (404, null)]);
        (await h.Api.PostOperationsAsync(Project, new OperationsRequest { Operations = [OperationModel.Delete(AyonEntityTypes.Folder, folderId, force: true)] }, h.Token))
            .EnsureSuccess(Project);
        (await h.Emulator.CountEntitiesAsync(Project, "product", h.Token)).ShouldBe(0);
        (await h.EventsWithPrefixAsync("entity.")).Select(e => e.Topic).ShouldBe(["entity.folder.deleted"]);
    }

    [Fact]
    public async Task PostOperations_AsUserAndFolderWithVersions_RecordsUserAndNeedsForceToMove()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        await h.Emulator.AddUserAsync("alice", isService: false, apiKey: null, h.Token);
        var folderId = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, h.Token);
        var productId = await h.Emulator.AddProductAsync(Project, folderId, "renderMain", "render", h.Token);
        await h.Emulator.AddVersionAsync(Project, productId, 1, null, h.Token);

        var response = await h.Api.PostOperationsAsync(Project, new OperationsRequest
        {
            CanFail = true,
            Operations =
            [
                OperationModel.Update(AyonEntityTypes.Folder, folderId, Obj(("name", "sh020"))),
                new OperationModel { Type = "create", EntityType = AyonEntityTypes.Version, Data = Obj(("version", 2), ("productId", productId)), AsUser = "alice" },
                new OperationModel { Type = "update", EntityType = AyonEntityTypes.Folder, EntityId = productId, Data = Obj(("label", "x")) },
            ],
        }, h.Token);
        var forced = await h.Api.PostOperationsAsync(Project, new OperationsRequest
        {
            Operations = [new OperationModel { Type = "update", EntityType = AyonEntityTypes.Folder, EntityId = folderId, Data = Obj(("name", "sh020")), Force = true }],
        }, h.Token);

        response.Operations.Select(o => o.Status).ShouldBe([403, 201, 404]);
        forced.Success.ShouldBeTrue();
        var version = (await h.Api.GetVersionAsync(Project, response.Operations[1].EntityId!, h.Token)).Content!;
        version.Author.ShouldBe("alice");
        version.CreatedBy.ShouldBe("alice");
        (await h.EventsAsync("entity.version.created")).Single().User.ShouldBe("alice");
        (await h.EventsAsync("entity.folder.renamed")).Single().User.ShouldBe("service");
    }

    [Fact]
    public async Task PostBackgroundOperations_Poll_ReportsCompletedWithTheResult()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();

        var started = await h.FtrackApi.PostBackgroundOperationsAsync(Project, new OperationsRequest
        {
            Operations = [OperationModel.Create(AyonEntityTypes.Folder, Obj(("name", "sh010"), ("folderType", "Shot")))],
        }, h.Token);
        // The emulator finishes background runs before it answers (documented deviation), so one poll sees the result.
        var status = (await h.Api.GetBackgroundOperationsAsync(Project, started.Id, h.Token)).Content;

        started.Status.ShouldBe("pending");
        status.ShouldNotBeNull().Status.ShouldBe("completed");
        status.Progress.ShouldBe(100);
        status.Result.ShouldNotBeNull().EnsureSuccess(Project).Operations.Single().Status.ShouldBe(201);
        (await h.EventsAsync("entity.folder.created")).Single().SenderType.ShouldBe("ftrack");
        (await h.Api.GetBackgroundOperationsAsync(Project, NewId(), h.Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PostOperations_NonAdminSetsAnotherAuthor_FailsForbiddenButOwnAuthorSucceeds()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        await h.Emulator.AddUserAsync("artist1", isService: false, apiKey: "artist1-key-0123456789abcdef", h.Token);
        var folderId = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, h.Token);
        var productId = await h.Emulator.AddProductAsync(Project, folderId, "renderMain", "render", h.Token);
        await using var artist = h.ClientFor("artist1-key-0123456789abcdef");
        var api = artist.GetRequiredService<IAyonApi>();

        var response = await api.PostOperationsAsync(Project, new OperationsRequest
        {
            CanFail = true,
            Operations =
            [
                OperationModel.Create(AyonEntityTypes.Version, Obj(("version", 1), ("productId", productId), ("author", "someone"))),
                OperationModel.Create(AyonEntityTypes.Version, Obj(("version", 2), ("productId", productId))),
            ],
        }, h.Token);

        response.Operations.Select(o => o.Status).ShouldBe([403, 201]);
        (await h.Api.GetVersionAsync(Project, response.Operations[1].EntityId!, h.Token)).Content!.Author.ShouldBe("artist1");
        (await h.EventsAsync("entity.version.created")).Single().User.ShouldBe("artist1");
    }
}
