using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Features.Tests.Ftrack;

/// <summary>What the client puts on the wire and how it reads the server's answers, through a stub handler.</summary>
public sealed class FtrackClientWireTests
{
    private const string Key = "k3y-0123456789abcdef";

    [Fact]
    public async Task CallAsync_Request_CarriesAuthHeadersAndGoesToTheServerOfTheCredentials()
    {
        using var stub = new StubHandler(HttpStatusCode.OK, "[{\"version\":\"dev\"}]");
        await using var services = Build(stub, new Uri("https://studio.ftrackapp.com/"));
        var session = services.GetRequiredService<FtrackSession>();

        var info = await session.GetServerInformationAsync(CancellationToken.None);

        info.Version.ShouldBe("dev");
        var request = stub.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe(HttpMethod.Post);
        request.Uri.ShouldBe(new Uri("https://studio.ftrackapp.com/api"));
        request.Headers["ftrack-user"].ShouldBe("svc");
        request.Headers["ftrack-api-key"].ShouldBe(Key);
        request.Headers["ftrack-strict-api"].ShouldBe("false");
        request.Headers["ftrack-clienttoken"].ShouldBe(services.GetRequiredService<FtrackConnection>().ClientToken);
        request.ContentType.ShouldStartWith("application/json");
        JsonNode.Parse(request.Body)!.ToJsonString().ShouldBe("[{\"action\":\"query_server_information\"}]");
    }

    [Fact]
    public async Task CallAsync_ErrorObjectWithHttp200_ThrowsTypedErrorWithServerMessage()
    {
        using var stub = new StubHandler(HttpStatusCode.OK, "{\"exception\":\"PermissionError\",\"content\":\"Not allowed to delete Project.\",\"error_code\":null}");
        await using var services = Build(stub, new Uri("http://ftrack.local"));

        var error = await Should.ThrowAsync<FtrackPermissionException>(() => services.GetRequiredService<FtrackSession>().GetServerInformationAsync(CancellationToken.None));

        error.ServerMessage.ShouldBe("Not allowed to delete Project.");
        error.ExceptionName.ShouldBe("PermissionError");
        error.StatusCode.ShouldBe(200);
    }

    [Fact]
    public async Task CallAsync_ServerEchoesTheKey_KeyIsScrubbedFromTheError()
    {
        using var stub = new StubHandler(HttpStatusCode.Unauthorized, $"{{\"exception\":\"InvalidCredentialsError\",\"content\":\"Key {Key} is not valid\",\"error_code\":\"api_credentials_invalid\"}}");
        await using var services = Build(stub, new Uri("http://ftrack.local"));

        var error = await Should.ThrowAsync<FtrackAuthenticationException>(() => services.GetRequiredService<FtrackSession>().GetServerInformationAsync(CancellationToken.None));

        error.Message.ShouldNotContain(Key);
        error.ServerMessage.ShouldBe("Key *** is not valid");
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "not JSON")]
    [InlineData(HttpStatusCode.OK, "[]", "array of 1 result")]
    [InlineData(HttpStatusCode.InternalServerError, "[{}]", "HTTP 500")]
    public async Task CallAsync_UnreadableAnswer_ThrowsProtocolErrorNamingTheServer(HttpStatusCode status, string body, string expected)
    {
        using var stub = new StubHandler(status, body);
        await using var services = Build(stub, new Uri("http://ftrack.local"));

        var error = await Should.ThrowAsync<FtrackProtocolException>(() => services.GetRequiredService<FtrackSession>().GetServerInformationAsync(CancellationToken.None));

        error.Message.ShouldContain(expected);
        error.Message.ShouldContain("ftrack.local");
    }

    [Fact]
    public async Task QueryAsync_NextOffsetDoesNotAdvance_ThrowsInsteadOfLooping()
    {
        using var stub = new StubHandler(HttpStatusCode.OK, "[{\"action\":\"query\",\"data\":[{\"__entity_type__\":\"Task\",\"id\":\"t\"}],\"metadata\":{\"next\":{\"offset\":0}}}]");
        await using var services = Build(stub, new Uri("http://ftrack.local"));

        var error = await Should.ThrowAsync<FtrackProtocolException>(() => services.GetRequiredService<FtrackSession>().QueryAsync(FtrackQuery.From("Task"), CancellationToken.None));

        error.Message.ShouldContain("does not advance");
    }

    [Fact]
    public async Task CallAsync_CredentialsNotResolved_ThrowsReadableError()
    {
        using var stub = new StubHandler(HttpStatusCode.OK, "[]");
        var collection = new ServiceCollection().AddFtrackClient(b => b.ConfigurePrimaryHttpMessageHandler(() => stub));
        await using var services = collection.BuildServiceProvider();

        var error = await Should.ThrowAsync<InvalidOperationException>(() => services.GetRequiredService<FtrackSession>().GetServerInformationAsync(CancellationToken.None));

        error.Message.ShouldContain("credentials are not resolved");
    }

    [Fact]
    public void Credentials_ToString_HidesTheKey()
    {
        var credentials = new FtrackCredentials(new Uri("http://ftrack.local"), "svc", Key);

        credentials.ToString().ShouldNotContain(Key);
        $"{credentials with { ApiUser = "other" }}".ShouldNotContain(Key);
    }

    [Fact]
    public void Session_PendingChanges_FoldUpdatesAndDropCreateDeletePairs()
    {
        using var stub = new StubHandler(HttpStatusCode.OK, "[]");
        using var services = Build(stub, new Uri("http://ftrack.local"));
        var session = services.GetRequiredService<FtrackSession>();

        var shot = session.Create("Shot", new Dictionary<string, object?> { ["name"] = "a" });
        session.Update(shot, new Dictionary<string, object?> { ["name"] = "b" });
        var task = FtrackEntityRef.Of("Task", "t1");
        session.Update(task, new Dictionary<string, object?> { ["status_id"] = "s1" });
        session.Update(task, new Dictionary<string, object?> { ["description"] = "d" });
        var temp = session.Create("Folder", new Dictionary<string, object?> { ["name"] = "tmp" });
        session.Delete(temp);

        var pending = session.PendingOperations;
        pending.Count.ShouldBe(2);
        pending[0]["entity_data"]!["name"]!.GetValue<string>().ShouldBe("b");
        pending[0]["entity_key"]!.AsArray().ShouldHaveSingleItem()!.GetValue<string>().ShouldBe(shot.Id);
        pending[1]["entity_data"]!.AsObject().Select(p => p.Key).ShouldBe(["__entity_type__", "status_id", "description"]);
        session.Rollback();
        session.PendingOperationCount.ShouldBe(0);
    }

    private static ServiceProvider Build(StubHandler stub, Uri server)
    {
        var collection = new ServiceCollection().AddFtrackClient(b => b.ConfigurePrimaryHttpMessageHandler(() => stub));
        var services = collection.BuildServiceProvider();
        services.GetRequiredService<FtrackConnection>().Use(new FtrackCredentials(server, "svc", Key));
        return services;
    }

    private sealed record CapturedRequest(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers, string ContentType, string Body);

    private sealed class StubHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<CapturedRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
            var content = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(new CapturedRequest(request.Method, request.RequestUri!, headers, request.Content?.Headers.ContentType?.ToString() ?? "", content));
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}
