using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Integration.Tests.Ftrack;

/// <summary>The real <see cref="FtrackSession"/> against the emulator: information, schemas, paging, commits, errors, upload.</summary>
public sealed class FtrackSessionTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task GetServerInformationAsync_Emulator_ReportsVersionHashAndScenario()
    {
        await using var harness = await FtrackTestHarness.StartAsync();

        var info = await harness.Session.GetServerInformationAsync(None);

        info.ShouldSatisfyAllConditions(
            () => info.Version.ShouldBe("4.13.8.7000"),
            () => info.SchemaHash.ShouldBe(harness.Emulator.SchemaHash),
            () => info.IsTimezoneSupportEnabled.ShouldBeTrue(),
            () => info.StorageScenario.ShouldBe("ftrack.automatic"));
    }

    [Fact]
    public async Task GetSchemasAsync_CalledTwice_FetchesOncePerServer()
    {
        await using var harness = await FtrackTestHarness.StartAsync();

        var first = await harness.Session.GetSchemasAsync(None);
        var second = await harness.NewSession().GetSchemasAsync(None);

        first.All.Count.ShouldBe(116);
        second.ShouldBeSameAs(first);
        harness.Emulator.GetActionCount("query_schemas").ShouldBe(1);
        var shot = first.Find("Shot").ShouldNotBeNull();
        shot.ClassifiedAs.ShouldBe("Task");
        shot.Classifiers["object_typeid"].ShouldBe(FtrackObjectTypeIds.Shot);
        shot.Properties["status_id"].LegacyName.ShouldBe("statusid");
    }

    [Fact]
    public async Task QueryAsync_MoreRowsThanOnePage_ReadsEveryPageFollowingNextOffset()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var project = harness.Emulator.AddProject("paging");
        for (var i = 0; i < 1203; i++)
        {
            harness.Emulator.AddFolder(project, $"f{i:0000}");
        }

        harness.Emulator.ResetCounters();
        var rows = await harness.Session.QueryAsync(
            FtrackQuery.From("Folder").Select("id", "name").Where(FtrackFilter.Is("project_id", project)).OrderBy("name"),
            None);

        rows.Count.ShouldBe(1203);
        rows.Select(r => r.GetString("name")).ShouldBe(Enumerable.Range(0, 1203).Select(i => $"f{i:0000}"));
        harness.Emulator.GetActionCount("query").ShouldBe(3);
    }

    [Fact]
    public async Task QueryAsync_WithOffsetAndLimit_ReadsOnlyTheWindow()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var project = harness.Emulator.AddProject("window");
        for (var i = 0; i < 750; i++)
        {
            harness.Emulator.AddFolder(project, $"f{i:000}");
        }

        harness.Emulator.ResetCounters();
        var rows = await harness.Session.QueryAsync(
            FtrackQuery.From("Folder").Select("name").Where(FtrackFilter.Is("project_id", project)).OrderBy("name").Skip(100).Take(600),
            None);

        rows.Count.ShouldBe(600);
        rows[0].GetString("name").ShouldBe("f100");
        rows[^1].GetString("name").ShouldBe("f699");
        harness.Emulator.GetActionCount("query").ShouldBe(2);
    }

    [Fact]
    public async Task QueryAsync_SharedStatusInNormalisedReply_MergesBareReferencesByIdentity()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);

        var rows = await harness.Session.QueryAsync(
            FtrackQuery.From("Task").Select("status.state.short").Where(FtrackFilter.Is("status.state.short", "NOT_STARTED")),
            None);

        var raw = harness.Emulator.QueryLocal("select status.state.short from Task where status.state.short is \"NOT_STARTED\"");
        raw[1]!["status"]!.AsObject().Count.ShouldBe(2);
        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(r => r.GetEntity("status")!.GetEntity("state")!.GetString("short") == "NOT_STARTED");
        rows.Select(r => r.GetString("project_id")).ShouldAllBe(p => p == world.ProjectId);
        rows.Select(r => r.EntityType).ShouldAllBe(t => t == "Task");
    }

    [Fact]
    public async Task QueryAsync_TypedRecords_ReadLinkCustomAttributesAndDates()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);

        var shot = FtrackTypedContext.From(await harness.Session.QuerySingleAsync(
            FtrackQuery.From("TypedContext")
                .Select("id", "name", "parent_id", "project_id", "object_type_id", "status_id", "link", "custom_attributes", "start_date")
                .Where(FtrackFilter.Is("id", world.ShotId)),
            None));
        var project = FtrackProject.From(await harness.Session.QuerySingleAsync(
            FtrackQuery.From("Project").Select("id", "name", "full_name", "status", "custom_attributes").Where(FtrackFilter.Is("id", world.ProjectId)),
            None));

        shot.ShouldSatisfyAllConditions(
            () => shot.EntityType.ShouldBe("Shot"),
            () => shot.Name.ShouldBe("sh010"),
            () => shot.ParentId.ShouldBe(world.SequenceId),
            () => shot.ObjectTypeId.ShouldBe(FtrackObjectTypeIds.Shot),
            () => shot.StatusId.ShouldNotBeNull(),
            () => shot.Link.Select(l => l.Name).ShouldBe(["MyProject", "sq01", "sh010"]),
            () => shot.Link.Select(l => l.Type).ShouldBe(["Project", "TypedContext", "TypedContext"]),
            () => shot.CustomAttributes["ayon_id"]!.GetValue<string>().ShouldBe("ayon-shot-1"),
            () => shot.CustomAttributes["fstart"]!.GetValue<int>().ShouldBe(1009));
        project.ShouldSatisfyAllConditions(
            () => project.FullName.ShouldBe("MyProject"),
            () => project.Name.ShouldBe("myproj"),
            () => project.Status.ShouldBe("active"),
            () => project.CustomAttributes.ContainsKey("auto_sync_enabled").ShouldBeTrue(),
            () => project.CustomAttributes["auto_sync_enabled"]!.GetValue<bool>().ShouldBeFalse(),
            () => project.CustomAttributes.ContainsKey("intent").ShouldBeFalse());
    }

    [Fact]
    public async Task QueryAsync_TypedMapping_ReadsStatusesVersionsAndConfigurations()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        var session = harness.Session;

        var statuses = await session.QueryAsync(FtrackQuery.From("Status").Select("id", "name", "color", "state.name", "state.short", "sort", "is_active").OrderBy("sort"), FtrackStatus.From, None);
        var versions = await session.QueryAsync(
            FtrackQuery.From("AssetVersion").Select("status_id", "version", "task_id", "asset_id").Where(FtrackFilter.In("task_id", [world.TaskId])).OrderBy("version", descending: true),
            FtrackAssetVersion.From, None);
        var configurations = await session.QueryAsync(
            FtrackQuery.From("CustomAttributeConfiguration").Select("id", "key", "entity_type", "is_hierarchical", "config", "default", "type.name")
                .Where(FtrackFilter.Is("entity_type", "AssetVersion").Or(FtrackFilter.Is("is_hierarchical", true))),
            FtrackCustomAttributeConfiguration.From, None);

        statuses[0].ShouldBe(new FtrackStatus(harness.Emulator.StatusId("Not started"), "Not started", "#CCCCCC", 0, true, "Not Started", "NOT_STARTED"));
        versions.Select(v => v.Version).ShouldBe([2, 1]);
        versions.ShouldAllBe(v => v.AssetId == world.AssetId && v.TaskId == world.TaskId);
        configurations.Select(c => c.Key).ShouldBe(["ayon_id", "fstart", "intent"], ignoreOrder: true);
        configurations.Single(c => c.Key == "fstart").TypeName.ShouldBe("number");
        configurations.Single(c => c.Key == "fstart").Default!.GetValue<int>().ShouldBe(1001);
    }

    [Fact]
    public async Task QuerySingleAsync_TwoRows_ThrowsQueryResultError()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        FtrackWorld.Seed(harness.Emulator);

        var error = await Should.ThrowAsync<FtrackQueryResultException>(() =>
            harness.Session.QuerySingleAsync(FtrackQuery.From("Shot"), None));

        error.Message.ShouldContain("more than one");
    }

    [Fact]
    public async Task CommitAsync_CreateUpdateDelete_AppliesAllInOneRequest()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        var session = harness.Session;
        var approved = harness.Emulator.StatusId("Approved");

        var shot = session.Create("Shot", new Dictionary<string, object?>
        {
            ["name"] = "sh030",
            ["parent"] = FtrackEntityRef.Of("Sequence", world.SequenceId),
            ["start_date"] = new DateTimeOffset(2025, 3, 4, 10, 11, 12, TimeSpan.FromHours(2)),
        });
        session.Update(FtrackEntityRef.Of("Task", world.TaskId), new Dictionary<string, object?> { ["status_id"] = approved });
        session.Update(FtrackEntityRef.Of("Task", world.TaskId), new Dictionary<string, object?> { ["description"] = "final" });
        session.Delete(FtrackEntityRef.Of("Note", world.NoteId));
        session.PendingOperationCount.ShouldBe(3);
        harness.Emulator.ResetCounters();

        var results = await session.CommitAsync(None);

        harness.Emulator.ApiRequestCount.ShouldBe(1);
        session.PendingOperationCount.ShouldBe(0);
        results.Count.ShouldBe(3);
        results[0].ShouldNotBeNull().EntityType.ShouldBe("Shot");
        results[0]!.GetDateTime("start_date").ShouldBe(new DateTimeOffset(2025, 3, 4, 8, 11, 12, TimeSpan.Zero));
        results[1].ShouldNotBeNull().GetString("status_id").ShouldBe(approved);
        results[2].ShouldBeNull();
        var created = harness.Emulator.GetEntity("Shot", shot.Id).ShouldNotBeNull();
        created["status_id"].ShouldNotBeNull();
        created["project_id"]!.GetValue<string>().ShouldBe(world.ProjectId);
        created["object_type_id"]!.GetValue<string>().ShouldBe(FtrackObjectTypeIds.Shot);
        harness.Emulator.GetEntity("Task", world.TaskId)!["description"]!.GetValue<string>().ShouldBe("final");
        harness.Emulator.GetEntity("Note", world.NoteId).ShouldBeNull();
    }

    [Fact]
    public async Task CommitAsync_CustomAttributeValues_CreateUpdateUpsertAndDelete()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        var session = harness.Session;

        session.CreateCustomAttributeValue(world.FrameStartConfigId, world.TaskId, 1001);
        session.UpdateCustomAttributeValue(world.FrameStartConfigId, world.ShotId, 1010);
        session.SetCustomAttribute(FtrackEntityRef.Of("Sequence", world.SequenceId), world.AyonIdConfigId, "ayon-seq");
        session.DeleteCustomAttributeValue(world.AyonIdConfigId, world.ShotId);
        await session.CommitAsync(None);

        harness.Emulator.GetCustomAttributeValue(world.FrameStartConfigId, world.TaskId)!.GetValue<int>().ShouldBe(1001);
        harness.Emulator.GetCustomAttributeValue(world.FrameStartConfigId, world.ShotId)!.GetValue<int>().ShouldBe(1010);
        harness.Emulator.GetCustomAttributeValue(world.AyonIdConfigId, world.SequenceId)!.GetValue<string>().ShouldBe("ayon-seq");
        harness.Emulator.GetCustomAttributeValue(world.AyonIdConfigId, world.ShotId).ShouldBeNull();
    }

    [Fact]
    public async Task CommitAsync_WrongCustomAttributeType_ThrowsValidationErrorWithServerMessageAndRollsBack()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        var session = harness.Session;
        var folder = session.Create("Folder", new Dictionary<string, object?> { ["name"] = "never", ["parent_id"] = world.ProjectId });
        session.UpdateCustomAttributeValue(world.FrameStartConfigId, world.ShotId, "not a number");

        var error = await Should.ThrowAsync<FtrackValidationException>(() => session.CommitAsync(None));

        error.ExceptionName.ShouldBe("ValidationError");
        error.ServerMessage.ShouldBe("Custom attribute value for \"fstart\" must be of type number.");
        error.Message.ShouldContain("must be of type number");
        session.PendingOperationCount.ShouldBe(0);
        harness.Emulator.GetEntity("Folder", folder.Id).ShouldBeNull();
        harness.Emulator.GetCustomAttributeValue(world.FrameStartConfigId, world.ShotId)!.GetValue<int>().ShouldBe(1009);
        harness.Sink.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task CommitAsync_ImmutableAttribute_ThrowsValidationError()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        harness.Session.Update(FtrackEntityRef.Of("Shot", world.ShotId), new Dictionary<string, object?> { ["object_type_id"] = FtrackObjectTypeIds.Task });

        var error = await Should.ThrowAsync<FtrackValidationException>(() => harness.Session.CommitAsync(None));

        error.ServerMessage.ShouldContain("immutable");
    }

    [Fact]
    public async Task CommitAsync_DeleteShot_CascadesToTasksAssetsAndVersions()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        harness.Session.Delete(FtrackEntityRef.Of("Shot", world.ShotId));

        await harness.Session.CommitAsync(None);

        harness.Emulator.GetEntity("Task", world.TaskId).ShouldBeNull();
        harness.Emulator.GetEntity("Asset", world.AssetId).ShouldBeNull();
        harness.Emulator.GetEntity("AssetVersion", world.VersionId).ShouldBeNull();
        harness.Emulator.GetCustomAttributeValue(world.FrameStartConfigId, world.ShotId).ShouldBeNull();
        var removed = harness.Sink.Events.ShouldHaveSingleItem()["data"]!["entities"]!.AsArray();
        removed.Select(e => e!["entityId"]!.GetValue<string>()).ShouldContain(world.ShotId);
        removed.Select(e => e!["entityId"]!.GetValue<string>()).ShouldContain(world.TaskId);
        removed.ShouldAllBe(e => e!["action"]!.GetValue<string>() == "remove");
    }

    [Fact]
    public async Task QueryAsync_UnknownAttribute_ThrowsValidationErrorNamingIt()
    {
        await using var harness = await FtrackTestHarness.StartAsync();

        var error = await Should.ThrowAsync<FtrackValidationException>(() =>
            harness.Session.QueryAsync(FtrackQuery.From("Task").Select("no_such_attribute"), None));

        error.ServerMessage.ShouldContain("no_such_attribute");
    }

    [Fact]
    public async Task CallAsync_UnknownAction_ThrowsServerErrorWithServerContent()
    {
        await using var harness = await FtrackTestHarness.StartAsync();

        var error = await Should.ThrowAsync<FtrackServerException>(() =>
            harness.Session.CallAsync([new JsonObject { ["action"] = "frobnicate" }], None));

        error.ServerMessage.ShouldBe("Invalid action u'frobnicate'");
    }

    [Fact]
    public async Task CallAsync_BadApiKey_ThrowsAuthenticationErrorWithoutTheKey()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        const string wrongKey = "d0e1f2a3-not-the-right-key-9f8e7d6c";
        harness.Connection.Use(new FtrackCredentials(harness.Emulator.BaseUrl, harness.Emulator.ApiUser, wrongKey));

        var error = await Should.ThrowAsync<FtrackAuthenticationException>(() => harness.NewSession().GetServerInformationAsync(None));

        error.ShouldSatisfyAllConditions(
            () => error.StatusCode.ShouldBe(401),
            () => error.ExceptionName.ShouldBe("InvalidCredentialsError"),
            () => error.ErrorCode.ShouldBe("api_credentials_invalid"),
            () => error.Message.ShouldNotContain(wrongKey),
            () => error.ToString().ShouldNotContain(wrongKey),
            () => error.Message.ShouldNotContain(harness.Emulator.ApiKey));
    }

    [Fact]
    public async Task CallAsync_UnknownUser_ThrowsAuthenticationError()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        harness.Connection.Use(new FtrackCredentials(harness.Emulator.BaseUrl, "nobody", harness.Emulator.ApiKey));

        var error = await Should.ThrowAsync<FtrackAuthenticationException>(() => harness.NewSession().GetServerInformationAsync(None));

        error.Message.ShouldNotContain(harness.Emulator.ApiKey);
    }

    [Fact]
    public async Task CallAsync_InjectedServerFailure_ThrowsThenRecovers()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        harness.Emulator.FailNextRequests(1);

        var error = await Should.ThrowAsync<FtrackServerException>(() => harness.Session.GetServerInformationAsync(None));
        var info = await harness.Session.GetServerInformationAsync(None);

        error.StatusCode.ShouldBe(500);
        error.ExceptionName.ShouldBe("ServerError");
        info.Version.ShouldNotBeNullOrEmpty();
        harness.Emulator.ApiRequestCount.ShouldBe(2);
    }

    [Fact]
    public async Task CallAsync_NothingListening_ThrowsProtocolErrorNamingTheServer()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var closed = new Uri($"http://127.0.0.1:{port}/");
        harness.Connection.Use(new FtrackCredentials(closed, harness.Emulator.ApiUser, harness.Emulator.ApiKey));
        var session = harness.NewSession();
        session.Create("Folder", new Dictionary<string, object?> { ["name"] = "x" });

        var error = await Should.ThrowAsync<FtrackProtocolException>(() => session.CommitAsync(None));

        error.Message.ShouldContain($"127.0.0.1:{port}");
        error.Message.ShouldContain("could not be reached");
        error.Message.ShouldNotContain(harness.Emulator.ApiKey);
        session.PendingOperationCount.ShouldBe(0);
    }

    [Fact]
    public async Task GetAsync_ById_ReturnsConcreteTypeOrNull()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);

        var shot = await harness.Session.GetAsync("TypedContext", world.ShotId, ["name"], None);
        var missing = await harness.Session.GetAsync("TypedContext", Guid.NewGuid().ToString(), None);

        shot.ShouldNotBeNull().EntityType.ShouldBe("Shot");
        shot.GetString("name").ShouldBe("sh010");
        missing.ShouldBeNull();
    }

    [Fact]
    public async Task CallAsync_SlowServer_StillAnswers()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        harness.Emulator.ResponseDelay = TimeSpan.FromMilliseconds(200);

        var info = await harness.Session.GetServerInformationAsync(None);

        info.Version.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task CallAsync_SlowServerAndCancelledCaller_ThrowsCancellation()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        harness.Emulator.ResponseDelay = TimeSpan.FromSeconds(30);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Should.ThrowAsync<OperationCanceledException>(() => harness.Session.GetServerInformationAsync(cancellation.Token));
    }

    [Fact]
    public async Task UploadComponentAsync_ThenCommitComponentAndLocation_StoresTheBytes()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        var session = harness.Session;
        var bytes = Encoding.UTF8.GetBytes("{\"frames\": 24}");
        var componentId = Guid.NewGuid().ToString();

        using var content = new MemoryStream(bytes);
        var target = await session.UploadComponentAsync(componentId, "review.json", content, bytes.Length, null, None);
        session.Create("FileComponent", new Dictionary<string, object?>
        {
            ["id"] = componentId, ["name"] = "review", ["file_type"] = ".json", ["size"] = bytes.Length,
            ["version"] = FtrackEntityRef.Of("AssetVersion", world.VersionId),
        });
        session.Create("ComponentLocation", new Dictionary<string, object?>
        {
            ["component"] = FtrackEntityRef.Of("FileComponent", componentId),
            ["location"] = FtrackEntityRef.Of("Location", FtrackLocationIds.Server),
            ["resource_identifier"] = componentId,
        });
        await session.CommitAsync(None);

        target.Headers["Content-Type"].ShouldBe("application/json");
        harness.Emulator.GetUploadedFile(componentId).ShouldBe(bytes);
        var stored = await session.QuerySingleAsync(
            FtrackQuery.From("Component").Select("id", "size").Where(FtrackFilter.Is("version_id", world.VersionId).And(FtrackFilter.In("component_locations.location.name", ["ftrack.server"]))).Where(FtrackFilter.Is("id", componentId)),
            None);
        stored.GetInt64("size").ShouldBe(bytes.Length);
        using var http = new HttpClient();
        var download = await http.GetByteArrayAsync(new Uri(harness.Emulator.BaseUrl, $"component/get?id={componentId}&username={harness.Emulator.ApiUser}&apiKey={harness.Emulator.ApiKey}"));
        download.ShouldBe(bytes);
    }

    [Fact]
    public async Task QueryAsync_BuilderWithHostileValues_MatchesOnlyTheLiteralName()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var project = harness.Emulator.AddProject("quotes");
        const string hostile = "sh\"010\\\" or name like \"%";
        harness.Emulator.AddFolder(project, hostile);
        harness.Emulator.AddFolder(project, "innocent");

        var exact = await harness.Session.QueryAsync(FtrackQuery.From("Folder").Select("name").Where(FtrackFilter.Is("name", hostile)), None);
        var injected = await harness.Session.QueryAsync(FtrackQuery.From("Folder").Select("name").Where(FtrackFilter.Is("name", "x\" or name like \"%")), None);

        exact.ShouldHaveSingleItem().GetString("name").ShouldBe(hostile);
        injected.ShouldBeEmpty();
    }
}
