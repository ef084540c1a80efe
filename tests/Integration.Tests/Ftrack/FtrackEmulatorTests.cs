using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Sandbox.Ftrack;

namespace AyonFtrack.Integration.Tests.Ftrack;

/// <summary>Emulator behaviours a client does not choose (strict mode, denormalised replies, server rules), over raw HTTP and the session.</summary>
public sealed class FtrackEmulatorTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task PostApi_StrictModeValidationError_AnswersHttp400WithErrorObject()
    {
        await using var harness = await FtrackTestHarness.StartAsync();

        var (status, body) = await PostAsync(harness, "[{\"action\":\"query\",\"expression\":\"select nope from Task\"}]", ("ftrack-strict-api", "true"));
        var (lenientStatus, lenientBody) = await PostAsync(harness, "[{\"action\":\"query\",\"expression\":\"select nope from Task\"}]");

        status.ShouldBe(HttpStatusCode.BadRequest);
        body["exception"]!.GetValue<string>().ShouldBe("ValidationError");
        body["error_code"].ShouldBeNull();
        lenientStatus.ShouldBe(HttpStatusCode.OK);
        lenientBody["content"]!.GetValue<string>().ShouldContain("nope");
    }

    [Theory]
    [InlineData("NoSuchType", "Unknown entity type")]
    [InlineData("select id from Task where status.nope is 1", "has no attribute \"nope\"")]
    [InlineData("select name.first from Task", "is not a relation")]
    [InlineData("select id from Task limit x", "not a non-negative integer")]
    [InlineData("select id from Task where name", "Expected an operator")]
    public async Task Query_BadExpression_IsRejectedWithAReadableMessage(string expression, string expected)
    {
        await using var harness = await FtrackTestHarness.StartAsync();

        var error = await Should.ThrowAsync<FtrackServerException>(() =>
            harness.Session.CallAsync([new JsonObject { ["action"] = "query", ["expression"] = expression }], None));

        error.ServerMessage.ShouldContain(expected);
    }

    [Fact]
    public async Task PostApi_ParseError_NamesTheProblem()
    {
        await using var harness = await FtrackTestHarness.StartAsync();

        var (_, body) = await PostAsync(harness, "[{\"action\":\"query\",\"expression\":\"Task where name is \\\"unterminated\"}]");

        body["exception"]!.GetValue<string>().ShouldBe("ParseError");
        body["content"]!.GetValue<string>().ShouldContain("Unterminated string");
    }

    [Fact]
    public async Task PostApi_MalformedBody_AnswersErrorObject()
    {
        await using var harness = await FtrackTestHarness.StartAsync();

        var (status, body) = await PostAsync(harness, "{not json");

        status.ShouldBe(HttpStatusCode.OK);
        body["exception"]!.GetValue<string>().ShouldBe("ValidationError");
    }

    [Fact]
    public async Task PostApi_MissingKeyHeader_Answers401InvalidCredentials()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(harness.Emulator.BaseUrl, "api"))
        {
            Content = new StringContent("[{\"action\":\"query_server_information\"}]", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("ftrack-user", harness.Emulator.ApiUser);

        using var response = await http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        body["exception"]!.GetValue<string>().ShouldBe("InvalidCredentialsError");
        body["error_code"]!.GetValue<string>().ShouldBe("api_credentials_invalid");
    }

    [Fact]
    public async Task PostApi_DenormalizeOption_EncodesEveryOccurrenceFully()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        FtrackWorld.Seed(harness.Emulator);
        const string query = "[{\"action\":\"query\",\"expression\":\"select status.name from Task where status.state.short is NOT_STARTED\"}]";

        var (_, normalised) = await PostAsync(harness, query);
        var (_, denormalised) = await PostAsync(harness, query, ("ftrack-api-options", "strict:1;denormalize:1"));

        normalised[0]!["data"]![1]!["status"]!.AsObject().ContainsKey("name").ShouldBeFalse();
        denormalised[0]!["data"]![1]!["status"]!["name"]!.GetValue<string>().ShouldBe("Not started");
    }

    [Fact]
    public async Task Create_MissingRequiredAttribute_IsRejected()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        harness.Session.Create("Task", new Dictionary<string, object?> { ["name"] = "no type", ["parent_id"] = world.ShotId });

        var error = await Should.ThrowAsync<FtrackValidationException>(() => harness.Session.CommitAsync(None));

        error.ServerMessage.ShouldContain("type_id");
    }

    [Fact]
    public async Task Create_TaskWithoutStatus_GetsWorkflowDefaultsAndProject()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        var task = harness.Session.Create("Task", new Dictionary<string, object?>
        {
            ["name"] = "lighting", ["parent"] = FtrackEntityRef.Of("Shot", world.ShotId), ["type_id"] = harness.Emulator.TypeId("Lighting"),
        });

        var reply = (await harness.Session.CommitAsync(None))[0].ShouldNotBeNull();

        reply.GetString("status_id").ShouldBe(harness.Emulator.StatusId("Not started"));
        reply.GetString("project_id").ShouldBe(world.ProjectId);
        reply.GetString("context_type").ShouldBe("task");
        reply.GetDouble("bid").ShouldBe(0);
        reply.GetString("priority_id").ShouldBe("9661b320-3a0c-11e2-81c1-0800200c9a66");
        reply.Id.ShouldBe(task.Id);
    }

    [Fact]
    public async Task Update_RelationSent_ReplyCarriesTheRelationAsSent()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        var approved = harness.Emulator.StatusId("Approved");
        var body = new JsonArray(new JsonObject
        {
            ["action"] = "update", ["entity_type"] = "Task", ["entity_key"] = new JsonArray(world.TaskId),
            ["entity_data"] = new JsonObject
            {
                ["__entity_type__"] = "Task", ["status"] = new JsonObject { ["__entity_type__"] = "Status", ["id"] = approved }, ["name"] = "comp",
            },
        });

        var (_, reply) = await PostAsync(harness, body.ToJsonString());

        // ftrack-protocol.md §1.5: the reply carries the attributes sent, under the names sent, so a client merging it
        // by name (Python's session.merge, the JS client's reply) shows the new status.
        var data = reply[0]!["data"]!.AsObject();
        data["__entity_type__"]!.GetValue<string>().ShouldBe("Task");
        data["id"]!.GetValue<string>().ShouldBe(world.TaskId);
        data["name"]!.GetValue<string>().ShouldBe("comp");
        data["status"]!["__entity_type__"]!.GetValue<string>().ShouldBe("Status");
        data["status"]!["id"]!.GetValue<string>().ShouldBe(approved);
    }

    [Fact]
    public async Task Create_RelationSent_ReplyCarriesTheRelationAndTheStoredValues()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        var approved = harness.Emulator.StatusId("Approved");
        var id = Guid.NewGuid().ToString();
        var body = new JsonArray(new JsonObject
        {
            ["action"] = "create", ["entity_type"] = "Task", ["entity_key"] = new JsonArray(id),
            ["entity_data"] = new JsonObject
            {
                ["__entity_type__"] = "Task", ["id"] = id, ["name"] = "lighting", ["type_id"] = harness.Emulator.TypeId("Lighting"),
                ["parent"] = new JsonObject { ["__entity_type__"] = "Shot", ["id"] = world.ShotId },
                ["status"] = new JsonObject { ["__entity_type__"] = "Status", ["id"] = approved },
            },
        });

        var (_, reply) = await PostAsync(harness, body.ToJsonString());

        var data = reply[0]!["data"]!.AsObject();
        data["status"]!["id"]!.GetValue<string>().ShouldBe(approved);
        data["parent"]!["id"]!.GetValue<string>().ShouldBe(world.ShotId);
        data["parent"]!["__entity_type__"]!.GetValue<string>().ShouldBe("Shot");
        data["status_id"]!.GetValue<string>().ShouldBe(approved);
        data["project_id"]!.GetValue<string>().ShouldBe(world.ProjectId);
    }

    [Fact]
    public async Task GetUploadMetadata_WithParts_ServesOneUrlPerPartAndCompleteJoinsThemInOrder()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var componentId = Guid.NewGuid().ToString();
        byte[][] parts = [[1, 2, 3], [4, 5], [6]];

        var (_, metadata) = await PostAsync(harness, new JsonArray(new JsonObject
        {
            ["action"] = "get_upload_metadata", ["component_id"] = componentId, ["file_name"] = "plate.mov", ["file_size"] = 6, ["parts"] = 3,
        }).ToJsonString());
        var urls = metadata[0]!["urls"]!.AsArray();
        var eTags = new JsonArray();
        using var http = new HttpClient();
        foreach (var url in urls.Reverse())
        {
            var number = url!["part_number"]!.GetValue<int>();
            using var put = await http.PutAsync(new Uri(url["signed_url"]!.GetValue<string>()), new ByteArrayContent(parts[number - 1]));
            put.StatusCode.ShouldBe(HttpStatusCode.OK);
            eTags.Add(new JsonObject { ["part_number"] = number, ["e_tag"] = put.Headers.ETag!.Tag.Trim('"') });
        }

        var (_, completed) = await PostAsync(harness, new JsonArray(new JsonObject
        {
            ["action"] = "complete_multipart_upload", ["upload_id"] = metadata[0]!["upload_id"]!.DeepClone(), ["component_id"] = componentId, ["parts"] = eTags,
        }).ToJsonString());

        urls.Count.ShouldBe(3);
        completed[0]!["component_id"]!.GetValue<string>().ShouldBe(componentId);
        harness.Emulator.GetUploadedFile(componentId).ShouldBe([1, 2, 3, 4, 5, 6]);
    }

    [Fact]
    public async Task CompleteMultipartUpload_PartMissing_IsRejected()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var componentId = Guid.NewGuid().ToString();
        var (_, metadata) = await PostAsync(harness, new JsonArray(new JsonObject
        {
            ["action"] = "get_upload_metadata", ["component_id"] = componentId, ["file_name"] = "plate.mov", ["file_size"] = 6, ["parts"] = 2,
        }).ToJsonString());

        var (_, reply) = await PostAsync(harness, new JsonArray(new JsonObject
        {
            ["action"] = "complete_multipart_upload", ["upload_id"] = metadata[0]!["upload_id"]!.DeepClone(), ["component_id"] = componentId,
            ["parts"] = new JsonArray(new JsonObject { ["part_number"] = 1, ["e_tag"] = "x" }, new JsonObject { ["part_number"] = 2, ["e_tag"] = "y" }),
        }).ToJsonString());

        reply["exception"]!.GetValue<string>().ShouldBe("ValidationError");
        harness.Emulator.GetUploadedFile(componentId).ShouldBeNull();
    }

    [Fact]
    public async Task Create_DuplicateKey_IsRejected()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        harness.Session.CreateCustomAttributeValue(world.FrameStartConfigId, world.ShotId, 1);

        var error = await Should.ThrowAsync<FtrackServerException>(() => harness.Session.CommitAsync(None));

        error.ExceptionName.ShouldBe("DuplicateEntryError");
    }

    [Fact]
    public async Task Update_UnknownEntity_IsRejectedAndNothingIsPublished()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        harness.Session.Update(FtrackEntityRef.Of("Task", Guid.NewGuid().ToString()), new Dictionary<string, object?> { ["name"] = "x" });

        var error = await Should.ThrowAsync<FtrackServerException>(() => harness.Session.CommitAsync(None));

        error.ServerMessage.ShouldContain("No Task");
        harness.Sink.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task Create_UserWithSecurityRoleAndProject_AreQueryableThroughRelations()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        var session = harness.Session;
        var role = (await session.QuerySingleAsync(FtrackQuery.From("SecurityRole").Select("id").Where(FtrackFilter.Is("name", "User")), None)).Id;

        var user = session.Create("User", new Dictionary<string, object?> { ["username"] = "new.artist", ["first_name"] = "New", ["last_name"] = "Artist", ["is_active"] = true });
        var userRole = session.Create("UserSecurityRole", new Dictionary<string, object?>
        {
            ["user"] = user, ["security_role"] = FtrackEntityRef.Of("SecurityRole", role), ["is_all_projects"] = false,
        });
        session.Create("UserSecurityRoleProject", new Dictionary<string, object?> { ["user_security_role_id"] = userRole.Id, ["project_id"] = world.ProjectId });
        var results = await session.CommitAsync(None);

        results[0]!.GetString("resource_type").ShouldBe("user");
        var found = await session.QuerySingleAsync(
            FtrackQuery.From("User").Select("username", "user_security_roles.security_role.name", "user_security_roles.user_security_role_projects.project_id")
                .Where(FtrackFilter.Any("user_security_roles", FtrackFilter.Has("security_role", FtrackFilter.Is("name", "User")))),
            None);
        found.GetString("username").ShouldBe("new.artist");
        var grant = found.GetEntities("user_security_roles").ShouldHaveSingleItem();
        grant.GetEntity("security_role")!.GetString("name").ShouldBe("User");
        grant.GetEntities("user_security_role_projects").ShouldHaveSingleItem().GetString("project_id").ShouldBe(world.ProjectId);
        harness.Sink.Events.ShouldHaveSingleItem()["data"]!["entities"]!.AsArray()
            .Select(e => e!["entityType"]!.GetValue<string>()).ShouldBe(["user", "auth_userrole", "userroleproject"]);
    }

    [Fact]
    public async Task Update_CollectionMembership_ReparentsMembers()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);

        harness.Session.Update(FtrackEntityRef.Of("Shot", world.Shot2Id), new Dictionary<string, object?>
        {
            ["assets"] = new[] { FtrackEntityRef.Of("Asset", world.AssetId) },
        });
        await harness.Session.CommitAsync(None);

        harness.Emulator.GetEntity("Asset", world.AssetId)!["context_id"]!.GetValue<string>().ShouldBe(world.Shot2Id);
    }

    [Fact]
    public async Task Create_CustomAttributeConfiguration_AppliesToMatchingEntitiesOnly()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        var session = harness.Session;
        var textType = (await session.QuerySingleAsync(FtrackQuery.From("CustomAttributeType").Select("id").Where(FtrackFilter.Is("name", "text")), None)).Id;
        session.Create("CustomAttributeConfiguration", new Dictionary<string, object?>
        {
            ["key"] = "shot_note", ["label"] = "Shot note", ["entity_type"] = "task", ["object_type_id"] = FtrackObjectTypeIds.Shot,
            ["type_id"] = textType, ["is_hierarchical"] = false, ["default"] = "none yet", ["config"] = "{}",
        });
        await session.CommitAsync(None);

        var shot = await session.QuerySingleAsync(FtrackQuery.From("Shot").Select("custom_attributes").Where(FtrackFilter.Is("id", world.ShotId)), None);
        var task = await session.QuerySingleAsync(FtrackQuery.From("Task").Select("custom_attributes").Where(FtrackFilter.Is("id", world.TaskId)), None);

        shot.CustomAttributes["shot_note"]!.GetValue<string>().ShouldBe("none yet");
        task.CustomAttributes.ContainsKey("shot_note").ShouldBeFalse();
        task.CustomAttributes.ContainsKey("fstart").ShouldBeTrue();
    }

    [Fact]
    public async Task Query_ContextCustomAttributeValueView_ReturnsStoredValuesWithKeys()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);

        var rows = await harness.Session.QueryAsync(
            FtrackQuery.From("ContextCustomAttributeValue").Select("key", "value").Where(FtrackFilter.Is("entity_id", world.ShotId)), None);

        rows.Select(FtrackCustomAttributeValue.From).Select(v => v.Key).ShouldBe(["ayon_id", "fstart"], ignoreOrder: true);
    }

    [Fact]
    public async Task Create_CustomAttributeConfigurationWithSecurityRoles_ProjectsAndFiltersByTheRoles()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var session = harness.Session;
        session.Create("CustomAttributeConfiguration", new Dictionary<string, object?>
        {
            ["key"] = "secret_note", ["label"] = "Secret note", ["entity_type"] = "show", ["type_id"] = FtrackSeed.IdFor("catype:text"),
            ["is_hierarchical"] = false, ["config"] = "{}",
            ["read_security_roles"] = new[] { Role("Administrator"), Role("API") },
            ["write_security_roles"] = new[] { Role("API") },
        });
        await session.CommitAsync(None);

        var configuration = await session.QuerySingleAsync(
            FtrackQuery.From("CustomAttributeConfiguration").Select("key", "read_security_roles.name", "write_security_roles").Where(FtrackFilter.Is("key", "secret_note")), None);
        var readableByUser = await session.QueryAsync(
            FtrackQuery.From("CustomAttributeConfiguration").Select("key").Where(FtrackFilter.Is("read_security_roles.name", "User")), None);
        var readableByApi = await session.QueryAsync(
            FtrackQuery.From("CustomAttributeConfiguration").Select("key").Where(FtrackFilter.Is("read_security_roles.name", "API")), None);

        configuration.GetEntities("read_security_roles").Select(r => r.GetString("name")).ShouldBe(["Administrator", "API"]);
        var write = configuration.GetEntities("write_security_roles").ShouldHaveSingleItem();
        write.Id.ShouldBe(FtrackSeed.IdFor("role:API"));
        write.GetString("name").ShouldBe("API");
        readableByUser.ShouldBeEmpty();
        readableByApi.Select(c => c.GetString("key")).ShouldBe(["secret_note"]);
    }

    [Fact]
    public async Task Update_SecurityRoleCollections_ReplaceTheWholeMembership()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        harness.Emulator.Seed("SecurityRole", new JsonObject { ["id"] = "role-supervisor", ["name"] = "Supervisor", ["type"] = "PROJECT" });
        var id = harness.Emulator.Seed("CustomAttributeConfiguration", new JsonObject
        {
            ["key"] = "notes", ["label"] = "Notes", ["entity_type"] = "show", ["type_id"] = FtrackSeed.IdFor("catype:text"), ["config"] = "{}",
            ["read_security_roles"] = new JsonArray(RoleJson("Administrator"), RoleJson("API")),
            ["write_security_roles"] = new JsonArray(RoleJson("Administrator")),
        });

        harness.Session.Update(FtrackEntityRef.Of("CustomAttributeConfiguration", id), new Dictionary<string, object?>
        {
            ["read_security_roles"] = new[] { FtrackEntityRef.Of("SecurityRole", "role-supervisor"), Role("User") },
            ["write_security_roles"] = Array.Empty<FtrackEntityRef>(),
        });
        await harness.Session.CommitAsync(None);

        var configuration = await harness.Session.QuerySingleAsync(
            FtrackQuery.From("CustomAttributeConfiguration").Select("read_security_roles.name", "write_security_roles.name").Where(FtrackFilter.Is("id", id)), None);
        configuration.GetEntities("read_security_roles").Select(r => r.GetString("name")).ShouldBe(["Supervisor", "User"]);
        configuration.GetEntities("write_security_roles").ShouldBeEmpty();
    }

    [Fact]
    public async Task Update_SecurityRoleCollectionWithUnknownRole_IsRejectedAndKeepsTheRoles()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var id = harness.Emulator.Seed("CustomAttributeConfiguration", new JsonObject
        {
            ["key"] = "notes", ["label"] = "Notes", ["entity_type"] = "show", ["type_id"] = FtrackSeed.IdFor("catype:text"), ["config"] = "{}",
            ["read_security_roles"] = new JsonArray(RoleJson("API")),
        });
        harness.Session.Update(FtrackEntityRef.Of("CustomAttributeConfiguration", id), new Dictionary<string, object?>
        {
            ["label"] = "Renamed",
            ["read_security_roles"] = new[] { Role("User"), FtrackEntityRef.Of("SecurityRole", "no-such-role") },
        });

        var error = await Should.ThrowAsync<FtrackValidationException>(() => harness.Session.CommitAsync(None));

        error.ServerMessage.ShouldContain("no-such-role");
        var configuration = harness.Emulator.QueryLocal($"select label, read_security_roles.name from CustomAttributeConfiguration where id is \"{id}\"").Single()!;
        configuration["label"]!.GetValue<string>().ShouldBe("Notes");
        configuration["read_security_roles"]!.AsArray().ShouldHaveSingleItem()!["id"]!.GetValue<string>().ShouldBe(FtrackSeed.IdFor("role:API"));
    }

    private static FtrackEntityRef Role(string name) => FtrackEntityRef.Of("SecurityRole", FtrackSeed.IdFor("role:" + name));

    private static JsonObject RoleJson(string name) => new() { ["__entity_type__"] = "SecurityRole", ["id"] = FtrackSeed.IdFor("role:" + name) };

    private static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(FtrackTestHarness harness, string body, params (string Name, string Value)[] headers)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(harness.Emulator.BaseUrl, "api"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("ftrack-user", harness.Emulator.ApiUser);
        request.Headers.Add("ftrack-api-key", harness.Emulator.ApiKey);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
