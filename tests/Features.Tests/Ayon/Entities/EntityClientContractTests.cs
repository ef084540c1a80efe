using System.Net;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Features.Tests.Ayon.Entities;

/// <summary>Wire contract of the entity part of <see cref="IAyonApi"/> and its helpers, with a stub handler.</summary>
public sealed class EntityClientContractTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static (IAyonApi Api, StubHttpHandler Stub, ServiceProvider Provider) Create()
    {
        var stub = new StubHttpHandler();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ayon:ServerUrl"] = "http://ayon.test:5000",
            ["Ayon:ApiKey"] = "unit-key",
            ["Ayon:AddonName"] = "ftrack",
            ["Ayon:AddonVersion"] = "1.6.4",
            ["Ayon:RetryCount"] = "0",
        }).Build());
        services.AddAyonClient();
        services.AddHttpClient(AyonClientRegistration.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<IAyonApi>(), stub, provider);
    }

    [Fact]
    public async Task PatchProject_OnlySetMembers_SendsCamelCaseWithSnakeCaseOriginalName()
    {
        var (api, stub, provider) = Create();
        using var _ = provider;
        stub.Respond(HttpStatusCode.NoContent);

        await api.PatchProjectAsync("demo", new ProjectPatch
        {
            Attrib = new JsonObject { ["fps"] = 24.0, ["ftrackPath"] = null },
            Statuses = [new ProjectStatusItem { Name = "Waiting", OriginalName = "Not ready", State = "not_started" }],
        }, Ct);

        var (request, body) = stub.Requests.Single();
        request.Method.ShouldBe(HttpMethod.Patch);
        request.RequestUri!.AbsolutePath.ShouldBe("/api/projects/demo");
        JsonNode.DeepEquals(JsonNode.Parse(body!), JsonNode.Parse("""
            {"attrib":{"fps":24.0,"ftrackPath":null},"statuses":[{"name":"Waiting","state":"not_started","original_name":"Not ready"}]}
            """)).ShouldBeTrue(body);
    }

    [Fact]
    public async Task PostOperations_Body_CarriesOperationsAndFlags()
    {
        var (api, stub, provider) = Create();
        using var _ = provider;
        stub.Respond(HttpStatusCode.OK, """{"success":true,"operations":[{"id":"o","type":"update","entityType":"task","entityId":"22bb","success":true,"status":204}]}""");

        var response = await api.PostOperationsAsync("demo", new OperationsRequest
        {
            CanFail = true,
            Operations = [OperationModel.Update(AyonEntityTypes.Task, "22bb", new JsonObject { ["attrib"] = new JsonObject { ["ftrackId"] = null } })],
        }, Ct);

        var (request, body) = stub.Requests.Single();
        request.RequestUri!.AbsolutePath.ShouldBe("/api/projects/demo/operations");
        JsonNode.DeepEquals(JsonNode.Parse(body!), JsonNode.Parse("""
            {"operations":[{"type":"update","entityType":"task","entityId":"22bb","data":{"attrib":{"ftrackId":null}}}],"canFail":true,"waitForEvents":false,"raiseOnError":false}
            """)).ShouldBeTrue(body);
        response.EnsureSuccess("demo").Operations.Single().Status.ShouldBe(204);
    }

    [Fact]
    public void EnsureSuccess_FailedOperation_ThrowsNamingTheOperation()
    {
        var response = new OperationsResponse
        {
            Success = false,
            Operations =
            [
                new OperationResult { Id = "a", Type = "create", EntityType = "folder", EntityId = "11aa", Success = true, Status = 201 },
                new OperationResult { Id = "b", Type = "update", EntityType = "task", EntityId = "22bb", Success = false, Status = 409, ErrorCode = "foreign-key-violation", Detail = "status 'X' is not present" },
            ],
        };

        var error = Should.Throw<AyonOperationsException>(() => response.EnsureSuccess("demo"));

        error.FailedOperation!.Id.ShouldBe("b");
        error.Message.ShouldBe("AYON operation update task 22bb (operation id b) on project 'demo' failed with 409 foreign-key-violation: status 'X' is not present");
    }

    [Fact]
    public async Task ListFolders_CursorDoesNotAdvance_ThrowsInsteadOfLooping()
    {
        var (api, stub, provider) = Create();
        using var _ = provider;
        const string page = """
            {"data":{"project":{"folders":{"edges":[{"node":{"id":"a","name":"a","folderType":"Shot"},"cursor":"1"}],"pageInfo":{"endCursor":"1","hasNextPage":true}}}}}
            """;
        stub.Respond(HttpStatusCode.OK, page).Respond(HttpStatusCode.OK, page);

        var error = await Should.ThrowAsync<AyonGraphQlException>(() => api.ListFoldersAsync("demo", new FolderFilter(), Ct));

        error.Message.ShouldContain("project.folders");
        stub.Requests.Count.ShouldBe(2);
        var secondVariables = JsonNode.Parse(stub.Requests[1].Body!)!["variables"]!;
        secondVariables["after"]!.GetValue<string>().ShouldBe("1");
        secondVariables["first"]!.GetValue<int>().ShouldBe(300);
    }

    [Fact]
    public async Task ListUsers_GraphQlErrors_ThrowNamingTheQuery()
    {
        var (api, stub, provider) = Create();
        using var _ = provider;
        stub.Respond(HttpStatusCode.OK, """{"data":null,"errors":[{"message":"boom"}]}""");

        var error = await Should.ThrowAsync<AyonGraphQlException>(() => api.ListUsersAsync(new UserFilter(Names: ["jdoe"]), Ct));

        error.Message.ShouldBe("AYON GraphQL query users failed: boom");
        var body = JsonNode.Parse(stub.Requests.Single().Body!)!;
        body["query"]!.GetValue<string>().ShouldBe(AyonEntityQueries.UsersDocument);
        JsonNode.DeepEquals(body["variables"]!["names"], new JsonArray("jdoe")).ShouldBeTrue();
    }

    [Fact]
    public void ParseActivityData_InvalidJson_ThrowsNamingTheField()
    {
        var node = new ActivityNode { ActivityId = "a", ActivityType = "comment", ActivityData = "{not json" };

        var error = Should.Throw<AyonGraphQlException>(() => node.ParseActivityData());

        error.Message.ShouldContain("activities.activityData");
        new ActivityNode { ActivityId = "a", ActivityType = "comment", ActivityData = """{"ftrack":{"id":"n1"}}""" }
            .ParseActivityData()["ftrack"]!["id"]!.GetValue<string>().ShouldBe("n1");
    }

    [Fact]
    public void UserCreate_ToString_HidesPassword()
    {
        var user = new UserCreate { Password = "hunter2-secret" };

        user.ToString().ShouldNotContain("hunter2-secret");
        user.ToString().ShouldContain("***");
    }
}
