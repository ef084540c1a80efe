using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Ayon.GraphQl;

namespace AyonFtrack.Integration.Tests.Ayon;

/// <summary>Emulator behaviour beyond the client's happy paths: context headers, validation, roles, persistence, GraphQL.</summary>
public sealed class AyonEmulatorTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static async Task<JsonObject> PostJsonAsync(HttpClient client, string path, JsonObject body, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync(path, body, Ct);
        response.StatusCode.ShouldBe(expected);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }

    [Theory]
    [InlineData("ftrack", "ftrack")]
    [InlineData("bad type!", "api")]
    [InlineData(null, "api")]
    public async Task Dispatch_SenderTypeHeader_IsRecordedOrDefaultsToApi(string? header, string expected)
    {
        await using var host = await AyonTestHost.StartAsync();
        using var raw = host.Raw(host.Emulator.ServiceApiKey);
        if (header is not null)
        {
            raw.DefaultRequestHeaders.TryAddWithoutValidation("x-sender-type", header);
        }

        var created = await PostJsonAsync(raw, "/api/events", new JsonObject { ["topic"] = "ftrack.leech" }, HttpStatusCode.OK);

        (await host.Emulator.GetEventAsync(created["id"]!.GetValue<string>(), Ct))!.SenderType.ShouldBe(expected);
    }

    [Fact]
    public async Task Enroll_InvalidSenderTypeHeader_Is400()
    {
        await using var host = await AyonTestHost.StartAsync();
        using var raw = host.Raw(host.Emulator.ServiceApiKey);
        raw.DefaultRequestHeaders.TryAddWithoutValidation("x-sender-type", "bad type!");

        var body = await PostJsonAsync(raw, "/api/enroll", new JsonObject { ["sourceTopic"] = "ftrack.leech", ["targetTopic"] = "ftrack.proc" }, HttpStatusCode.BadRequest);

        body["code"]!.GetValue<int>().ShouldBe(400);
        body["detail"]!.GetValue<string>().ShouldBe("Request validation error in [POST] /api/enroll");
    }

    [Theory]
    [InlineData("""{"sourceTopic":"ftrack.leech","targetTopic":"ftrack.*"}""")]
    [InlineData("""{"sourceTopic":["ok.topic","bad topic"],"targetTopic":"ftrack.proc"}""")]
    [InlineData("""{"targetTopic":"ftrack.proc"}""")]
    [InlineData("""{"sourceTopic":"ftrack.leech","targetTopic":"ftrack.proc","filter":{"conditions":[{"key":"nope","value":1}]}}""")]
    [InlineData("""{"sourceTopic":"ftrack.leech","targetTopic":"ftrack.proc""")]
    public async Task Enroll_InvalidBody_Is400(string json)
    {
        await using var host = await AyonTestHost.StartAsync();
        using var raw = host.Raw(host.Emulator.ServiceApiKey);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await raw.PostAsync(new Uri("/api/enroll", UriKind.Relative), content, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Events_BadIdOrTopic_Is400()
    {
        await using var host = await AyonTestHost.StartAsync();
        using var raw = host.Raw(host.Emulator.ServiceApiKey);

        using var badId = await raw.GetAsync(new Uri("/api/events/not-an-id", UriKind.Relative), Ct);
        await PostJsonAsync(raw, "/api/events", new JsonObject { ["topic"] = "x" }, HttpStatusCode.BadRequest);

        badId.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Roles_NonManagerCannotDispatch_ManagerSeesSecretNamesOnly_MissingImpersonationIs401()
    {
        await using var host = await AyonTestHost.StartAsync();
        await host.Emulator.AddUserAsync("artist", isService: false, apiKey: "artist-key", Ct);
        await host.Emulator.AddUserAsync("lead", "lead-key", new JsonObject { ["isManager"] = true }, null, Ct);
        await host.Emulator.SetSecretAsync("ftrack_key_secret", "v", Ct);
        await host.Emulator.SetSecretAsync("_hidden", "h", Ct);
        using var artist = host.Raw("artist-key");
        using var lead = host.Raw("lead-key");
        using var service = host.Raw(host.Emulator.ServiceApiKey);
        service.DefaultRequestHeaders.Add("x-as-user", "ghost");

        await PostJsonAsync(artist, "/api/events", new JsonObject { ["topic"] = "ftrack.leech" }, HttpStatusCode.Forbidden);
        var secrets = await lead.GetFromJsonAsync<JsonArray>(new Uri("/api/secrets", UriKind.Relative), Ct);
        using var ghost = await service.GetAsync(new Uri("/api/users/me", UriKind.Relative), Ct);
        using var leadEnroll = await lead.PostAsJsonAsync("/api/enroll", new JsonObject { ["sourceTopic"] = "a.b.c", ["targetTopic"] = "d.e.f" }, Ct);

        secrets!.Single()!.ToJsonString().ShouldBe("""{"name":"ftrack_key_secret"}""");
        ghost.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        leadEnroll.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task GraphQlEvents_NonManager_SeesOnlyOwnEvents_AndSummaryIsAJsonString()
    {
        await using var host = await AyonTestHost.StartAsync();
        await host.Emulator.AddUserAsync("artist", isService: false, apiKey: "artist-key", Ct);
        await host.Emulator.InsertEventAsync(new AyonEventInsert { Topic = "ftrack.leech", User = "artist", Summary = new JsonObject { ["a"] = 1 } }, Ct);
        await host.Emulator.InsertEventAsync(new AyonEventInsert { Topic = "ftrack.leech", User = "service" }, Ct);
        using var artist = host.Raw("artist-key");

        var response = await PostJsonAsync(artist, "/graphql", new JsonObject
        {
            ["query"] = "query Q($t: [String!]) { list: events(topics: $t) { edges { node { user summary payload } } } }",
            ["variables"] = new JsonObject { ["t"] = new JsonArray("ftrack.*") },
        }, HttpStatusCode.OK);

        var edges = response["data"]!["list"]!["edges"]!.AsArray();
        edges.Count.ShouldBe(1);
        var node = edges[0]!["node"]!.AsObject();
        node["user"]!.GetValue<string>().ShouldBe("artist");
        node["summary"]!.GetValue<string>().ShouldBe("""{"a":1}""");
        node.ContainsKey("payload").ShouldBeTrue();
        node["payload"].ShouldBeNull();
    }

    [Fact]
    public async Task GraphQl_UnknownFieldAndSyntaxError_AreErrorsWith200()
    {
        await using var host = await AyonTestHost.StartAsync();
        await host.Emulator.SeedProjectAsync("demo", "dm", Ct); // project(name:) is null for unknown projects once the entity module is present
        using var raw = host.Raw(host.Emulator.ServiceApiKey);

        var unknown = await PostJsonAsync(raw, "/graphql", new JsonObject { ["query"] = "{ nope { id } }" }, HttpStatusCode.OK);
        var broken = await PostJsonAsync(raw, "/graphql", new JsonObject { ["query"] = "{ events( " }, HttpStatusCode.OK);
        var project = await PostJsonAsync(raw, "/graphql", new JsonObject { ["query"] = "{ project(name: \"demo\") { unknownThing } }" }, HttpStatusCode.OK);

        unknown["errors"]![0]!["message"]!.GetValue<string>().ShouldContain("nope");
        broken["errors"]!.AsArray().Count.ShouldBe(1);
        project["errors"]![0]!["message"]!.GetValue<string>().ShouldContain("unknownThing");
    }

    [Fact]
    public async Task GraphQl_RegisteredProjectField_ResolvesWithProjectNameAndProjection()
    {
        await using var host = await AyonTestHost.StartAsync();
        await host.Emulator.SeedProjectAsync("demo", "dm", Ct); // project(name:) is null for unknown projects once the entity module is present
        host.Emulator.GraphQl.RegisterProjectField("probe", (context, _) =>
            Task.FromResult<JsonNode?>(new JsonObject { ["name"] = context.ProjectName, ["arg"] = context.Field.StringArg("x"), ["extra"] = 1 }));
        using var raw = host.Raw(host.Emulator.ServiceApiKey);

        var response = await PostJsonAsync(raw, "/graphql", new JsonObject
        {
            ["query"] = "query P($p: String!) { project(name: $p) { p: probe(x: \"y\") { name arg } } }",
            ["variables"] = new JsonObject { ["p"] = "demo" },
        }, HttpStatusCode.OK);

        response["data"]!.ToJsonString().ShouldBe("""{"project":{"p":{"name":"demo","arg":"y"}}}""");
    }

    [Fact]
    public void GqlParser_ParsesAliasesArgumentsVariablesAndNesting()
    {
        var doc = GqlParser.Parse("""
            # comment
            query Events($topics: [String!], $n: Int, $missing: String) {
              recent: events(topics: $topics, last: 3, filter: $missing, hasChildren: false, obj: {a: [1, "b", ENUM]}) {
                edges { node { id } }
              }
            }
            """, new JsonObject { ["topics"] = new JsonArray("a.b.c") });

        var field = doc.Selection.Single();
        doc.OperationName.ShouldBe("Events");
        field.ShouldSatisfyAllConditions(
            () => field.Name.ShouldBe("events"),
            () => field.ResponseName.ShouldBe("recent"),
            () => field.StringsArg("topics").ShouldBe(["a.b.c"]),
            () => field.IntArg("last").ShouldBe(3),
            () => field.BoolArg("hasChildren").ShouldBe(false),
            () => field.Has("filter").ShouldBeFalse(),
            () => field.Arguments["obj"]!.ToJsonString().ShouldBe("""{"a":[1,"b","ENUM"]}"""),
            () => field.Child("edges")!.Child("node")!.Selection.Single().Name.ShouldBe("id"));
        Should.Throw<GqlSyntaxException>(() => GqlParser.Parse("{ a { ...F } }", null));
        Should.Throw<GqlSyntaxException>(() => GqlParser.Parse("mutation { x }", null));
    }

    [Fact]
    public async Task DatabaseFile_KeepsQueueAcrossRestart()
    {
        var dir = Directory.CreateTempSubdirectory("ayon-emulator-");
        try
        {
            var options = new AyonEmulatorOptions { DatabasePath = Path.Combine(dir.FullName, "ayon.db"), ServiceApiKey = "restart-key" };
            string id;
            await using (var first = await AyonEmulator.StartAsync(options, Ct))
            {
                id = await first.InsertEventAsync(new AyonEventInsert { Topic = "ftrack.leech", Hash = "kept" }, Ct);
            }

            await using var second = await AyonEmulator.StartAsync(options, Ct);
            var events = await second.GetEventsAsync(null, Ct);
            events.Single().Id.ShouldBe(id);
            using var raw = new HttpClient { BaseAddress = second.BaseUrl };
            raw.DefaultRequestHeaders.Add("x-api-key", "restart-key");
            (await raw.GetAsync(new Uri("/api/events/" + id, UriKind.Relative), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task RequestCounters_NormalizeIdsPerRoute()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        var id = (await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech" }, Ct)).Id!;
        await api.GetEventAsync(id, Ct);
        await api.GetEventAsync(id, Ct);

        host.Emulator.RequestCounts["GET /api/events/{id}"].ShouldBe(2);
        host.Emulator.RequestCount("POST", "/api/events").ShouldBe(1);
        host.Emulator.RequestCount(null, "/api/events/" + id).ShouldBe(2);
        host.Emulator.TotalRequestCount.ShouldBe(3);
    }

    [Fact]
    public async Task Fault_Delay_ThenAnswersNormally_UntilCleared()
    {
        await using var host = await AyonTestHost.StartAsync();
        var fault = host.Emulator.InjectFault(new AyonFault { PathPrefix = "/api/users/me", Delay = TimeSpan.FromMilliseconds(50) });
        var api = host.Client();

        var other = host.Emulator.InjectFault(new AyonFault { PathPrefix = "/api/info", StatusCode = 500 });

        (await api.GetCurrentUserAsync(Ct)).Name.ShouldBe("service");
        (await api.GetCurrentUserAsync(Ct)).Name.ShouldBe("service");
        host.Emulator.RemoveFault(fault).ShouldBeTrue();
        await api.GetCurrentUserAsync(Ct);
        await Should.ThrowAsync<Refit.ApiException>(() => api.GetInfoAsync(Ct));
        host.Emulator.ClearFaults();
        (await api.GetInfoAsync(Ct)).Version.ShouldBe("1.16.0");

        fault.Hits.ShouldBe(2);
        other.Hits.ShouldBe(1);
    }
}
