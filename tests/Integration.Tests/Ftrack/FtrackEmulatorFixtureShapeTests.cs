using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Integration.Tests.Ftrack;

/// <summary>
/// The emulator answers the requests behind the captured replies in <c>src/Sandbox/Ftrack/Fixtures</c> with the same
/// shape: same keys, same value kinds, <c>__entity_type__</c>, datetime objects, bare references where the capture has them.
/// </summary>
public sealed class FtrackEmulatorFixtureShapeTests
{
    [Fact]
    public async Task QueryServerInformation_MatchesCapture()
    {
        await using var harness = await FtrackTestHarness.StartAsync();

        var reply = await CallAsync(harness, new JsonObject { ["action"] = "query_server_information" });

        AssertSameShape(Capture("query_server_information.json"), reply, exactKeys: true);
    }

    [Fact]
    public async Task QueryServerInformation_SchemaHashIsTheOneTheRealServerReportsForTheseSchemas()
    {
        await using var harness = await FtrackTestHarness.StartAsync();

        var reply = await CallAsync(harness, new JsonObject { ["action"] = "query_server_information" });

        // The capture is the real server's answer next to the captured schemas; its hash is ftrack-python's cache hash,
        // md5(json.dumps(schemas, sort_keys=True)), so a Python client with a cached schema file skips query_schemas.
        reply["schema_hash"]!.GetValue<string>().ShouldBe(Capture("query_server_information.json")["schema_hash"]!.GetValue<string>());
    }

    [Fact]
    public async Task QuerySchemas_ServesTheCaptureVerbatim()
    {
        await using var harness = await FtrackTestHarness.StartAsync();

        var reply = await CallAsync(harness, new JsonObject { ["action"] = "query_schemas" });

        JsonNode.DeepEquals(reply, Capture("query_schemas.json")).ShouldBeTrue();
    }

    [Fact]
    public async Task QueryNameAndCreatedAt_MatchesCapture()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        FtrackWorld.Seed(harness.Emulator);

        var reply = await CallAsync(harness, new JsonObject { ["action"] = "query", ["expression"] = "select name, created_at from Task limit 1" });

        AssertSameShape(Capture("query_select_name,_created_at_from_task_limit_1.json"), reply, exactKeys: true);
        reply["data"]![0]!["created_at"]!["value"]!.GetValue<string>().ShouldMatch("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d$");
    }

    [Fact]
    public async Task QueryNestedStatusState_MatchesCaptureWithBareReference()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        harness.Emulator.AddTask(world.Shot2Id, "lighting", "Lighting");

        var reply = await CallAsync(harness, new JsonObject
        {
            ["action"] = "query",
            ["expression"] = "select status.state.short from Task where status.state.short is NOT_STARTED limit 2",
        });

        AssertSameShape(Capture("query_select_status.state.short_from_task_where_status.state.short_is_not_started_limit_2.json"), reply, exactKeys: true);
    }

    [Fact]
    public async Task QueryVersionsOfAsset_MatchesCaptureWithBareReferenceToTheRow()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        harness.Emulator.AddAssetVersion(world.AssetId);

        var reply = await CallAsync(harness, new JsonObject
        {
            ["action"] = "query",
            ["expression"] = "select version, asset.versions.version from AssetVersion where asset_id is_not none limit 1",
        });

        AssertSameShape(Capture("query_select_version,_asset.versions.version_from_assetversion_where_asset_id_is_not_none_limit_1.json"), reply, exactKeys: true);
        reply["data"]![0]!["asset"]!["versions"]![0]!.AsObject().Count.ShouldBe(2);
    }

    [Fact]
    public async Task CreateAndUpdateUser_MatchCaptures()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var id = Guid.NewGuid().ToString();

        var created = await CallAsync(harness, new JsonObject
        {
            ["action"] = "create",
            ["entity_type"] = "User",
            ["entity_key"] = new JsonArray(id),
            ["entity_data"] = new JsonObject { ["__entity_type__"] = "User", ["id"] = id, ["username"] = "25ba83d1", ["first_name"] = "first", ["last_name"] = "last" },
        });
        var updated = await CallAsync(harness, new JsonObject
        {
            ["action"] = "update",
            ["entity_type"] = "User",
            ["entity_key"] = new JsonArray(id),
            ["entity_data"] = new JsonObject { ["__entity_type__"] = "User", ["username"] = "testName-1" },
        });

        AssertSameShape(Capture("create_user.json"), created, exactKeys: true);
        AssertSameShape(Capture("update_user.json"), updated, exactKeys: true);
    }

    [Fact]
    public async Task CreateFileComponentWithLocation_CarriesCapturedKeys()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var componentId = Guid.NewGuid().ToString();
        var locationId = Guid.NewGuid().ToString();

        var reply = await harness.Session.CallAsync(
            [
                new JsonObject
                {
                    ["action"] = "create", ["entity_type"] = "FileComponent", ["entity_key"] = new JsonArray(componentId),
                    ["entity_data"] = new JsonObject { ["__entity_type__"] = "FileComponent", ["id"] = componentId, ["name"] = "data", ["file_type"] = ".json", ["size"] = 13 },
                },
                new JsonObject
                {
                    ["action"] = "create", ["entity_type"] = "ComponentLocation", ["entity_key"] = new JsonArray(locationId),
                    ["entity_data"] = new JsonObject
                    {
                        ["__entity_type__"] = "ComponentLocation", ["id"] = locationId, ["resource_identifier"] = componentId,
                        ["component"] = new JsonObject { ["__entity_type__"] = "FileComponent", ["id"] = componentId },
                        ["location"] = new JsonObject { ["__entity_type__"] = "Location", ["id"] = "3a372bde-05bc-11e4-8908-20c9d081909b" },
                    },
                },
            ],
            CancellationToken.None);

        AssertSameShape(Capture("create_filecomponent.json"), reply[0], exactKeys: false);
        AssertSameShape(Capture("create_componentlocation.json"), reply[1], exactKeys: false);
        reply[0]!["data"]!["component_locations"]![0]!["component"]!.AsObject().Count.ShouldBe(2);
    }

    [Fact]
    public async Task GetUploadMetadata_CarriesCapturedKeys()
    {
        await using var harness = await FtrackTestHarness.StartAsync();

        var reply = await CallAsync(harness, new JsonObject
        {
            ["action"] = "get_upload_metadata", ["component_id"] = Guid.NewGuid().ToString(), ["file_name"] = "data.json", ["file_size"] = 13, ["checksum"] = null,
        });

        AssertSameShape(Capture("get_upload_metadata.json"), reply, exactKeys: false);
        new Uri(reply["url"]!.GetValue<string>()).Host.ShouldBe("127.0.0.1");
    }

    private static async Task<JsonNode> CallAsync(FtrackTestHarness harness, JsonObject operation) =>
        (await harness.Session.CallAsync([operation], CancellationToken.None))[0]!;

    private static JsonNode Capture(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ftrack", "Fixtures", name)))!;

    /// <summary>Every key of the capture exists with the same value kind (recursively); with <paramref name="exactKeys"/> no other key exists.</summary>
    private static void AssertSameShape(JsonNode? expected, JsonNode? actual, bool exactKeys, string path = "$")
    {
        Kind(actual).ShouldBe(Kind(expected), $"value kind at {path}");
        switch (expected)
        {
            case JsonObject expectedObject:
                var actualObject = actual!.AsObject();
                foreach (var (key, value) in expectedObject)
                {
                    actualObject.ContainsKey(key).ShouldBeTrue($"key {path}.{key}");
                    AssertSameShape(value, actualObject[key], exactKeys, $"{path}.{key}");
                }

                if (exactKeys)
                {
                    actualObject.Select(p => p.Key).Order(StringComparer.Ordinal).ShouldBe(expectedObject.Select(p => p.Key).Order(StringComparer.Ordinal), $"keys at {path}");
                }

                break;
            case JsonArray expectedArray:
                var actualArray = actual!.AsArray();
                if (exactKeys)
                {
                    actualArray.Count.ShouldBe(expectedArray.Count, $"length at {path}");
                }

                for (var i = 0; i < Math.Min(expectedArray.Count, actualArray.Count); i++)
                {
                    AssertSameShape(expectedArray[i], actualArray[i], exactKeys, $"{path}[{i}]");
                }

                break;
        }
    }

    private static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null => JsonValueKind.Null,
        JsonValueKind.False => JsonValueKind.True,
        var kind => kind.Value,
    };
}
