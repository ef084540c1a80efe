using System.Net;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Tests.Ayon;

/// <summary>Wire contract of the AYON client: paths, headers and JSON, with a stub handler instead of a server.</summary>
public sealed class AyonApiContractTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static (IAyonApi Api, StubHttpHandler Stub, ServiceProvider Provider) Create(string? senderType = null, string serverUrl = "http://ayon.test:5000/", string? sender = null)
    {
        var stub = new StubHttpHandler();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ayon:ServerUrl"] = serverUrl,
            ["Ayon:ApiKey"] = "unit-key",
            ["Ayon:AddonName"] = "ftrack",
            ["Ayon:AddonVersion"] = "1.6.4",
            ["Ayon:SenderType"] = senderType,
            ["Ayon:Sender"] = sender,
            ["Ayon:RetryCount"] = "0",
        }).Build());
        services.AddAyonClient();
        services.AddHttpClient(AyonClientRegistration.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<IAyonApi>(), stub, provider);
    }

    [Fact]
    public async Task Requests_CarryApiKeyAndOptionalSenderType()
    {
        var (api, stub, provider) = Create(senderType: "ftrack");
        using var _ = provider;
        stub.Respond(HttpStatusCode.OK, """{"name":"service","data":{"isService":true}}""");

        var user = await api.GetCurrentUserAsync(Ct);

        var request = stub.Requests.Single().Request;
        request.RequestUri!.ToString().ShouldBe("http://ayon.test:5000/api/users/me");
        request.Headers.GetValues("x-api-key").Single().ShouldBe("unit-key");
        request.Headers.GetValues("x-sender-type").Single().ShouldBe("ftrack");
        request.Headers.Contains("x-sender").ShouldBeFalse();
        user.IsService.ShouldBeTrue();
    }

    [Fact]
    public async Task Requests_WithSender_CarrySenderHeader()
    {
        var (api, stub, provider) = Create(sender: "ftrack-leecher");
        using var _ = provider;
        stub.Respond(HttpStatusCode.OK, """{"name":"a"}""");

        await api.GetCurrentUserAsync(Ct);

        stub.Requests.Single().Request.Headers.GetValues("x-sender").Single().ShouldBe("ftrack-leecher");
    }

    [Fact]
    public async Task Requests_WithoutSenderType_SendNoSenderTypeHeader_AndImpersonationAddsAsUser()
    {
        var (api, stub, provider) = Create();
        using var _ = provider;
        stub.Respond(HttpStatusCode.OK, """{"name":"a"}""").Respond(HttpStatusCode.OK, """{"name":"b"}""");

        await api.GetCurrentUserAsync(Ct);
        using (AyonImpersonation.As("jdoe"))
        {
            await api.GetCurrentUserAsync(Ct);
        }

        stub.Requests[0].Request.Headers.Contains("x-sender-type").ShouldBeFalse();
        stub.Requests[0].Request.Headers.Contains("x-as-user").ShouldBeFalse();
        stub.Requests[1].Request.Headers.GetValues("x-as-user").Single().ShouldBe("jdoe");
        AyonImpersonation.Current.ShouldBeNull();
    }

    [Fact]
    public async Task Enroll_SendsEveryFieldCamelCaseAndOmitsNulls()
    {
        var (api, stub, provider) = Create();
        using var _ = provider;
        stub.Respond(HttpStatusCode.NoContent).Respond(HttpStatusCode.NoContent);

        await api.EnrollAsync(new EnrollRequest
        {
            SourceTopic = EnrollRequest.SourceTopics(["entity.folder.created", "entity_list.changed"]),
            TargetTopic = "ftrack.sync",
            Sender = "ftrack-transmitter",
            SenderType = "api",
            Description = "Sync AYON changes to ftrack",
            Sequential = false,
            Filter = new QueryFilter { Operator = "and", Conditions = [QueryFilter.Condition("project", "demo")] },
            MaxRetries = 3,
            IgnoreSenderTypes = ["ftrack"],
            IgnoreOlderThan = 0,
        }, Ct);
        await api.EnrollAsync(new EnrollRequest { SourceTopic = EnrollRequest.SourcePattern("ftrack.leech"), TargetTopic = "ftrack.proc" }, Ct);

        var full = JsonNode.Parse(stub.Requests[0].Body!)!.AsObject();
        full.Select(p => p.Key).ShouldBe(["sourceTopic", "targetTopic", "sender", "senderType", "description", "sequential", "filter", "maxRetries", "ignoreSenderTypes", "ignoreOlderThan"], ignoreOrder: true);
        full["sourceTopic"]!.ToJsonString().ShouldBe("""["entity.folder.created","entity_list.changed"]""");
        full["filter"]!.ToJsonString().ShouldBe("""{"conditions":[{"key":"project","value":"demo","operator":"eq"}],"operator":"and"}""");
        full["ignoreOlderThan"]!.GetValue<int>().ShouldBe(0);
        stub.Requests[1].Body.ShouldBe("""{"sourceTopic":"ftrack.leech","targetTopic":"ftrack.proc"}""");
        stub.Requests[1].Request.RequestUri!.AbsolutePath.ShouldBe("/api/enroll");
    }

    [Fact]
    public async Task Enroll_ResponseCodes_MapToJobNoJobOrError()
    {
        var (api, stub, provider) = Create();
        using var _ = provider;
        stub.Respond(HttpStatusCode.OK, """{"id":"a","dependsOn":"b","hash":"h","status":"pending"}""")
            .Respond(HttpStatusCode.NoContent)
            .Respond(HttpStatusCode.ServiceUnavailable, """{"code":503,"detail":"busy"}""")
            .Respond(HttpStatusCode.BadRequest, """{"code":400,"detail":"Request validation error in [POST] /api/enroll"}""")
            .Respond(HttpStatusCode.OK, "not json");
        var request = new EnrollRequest { SourceTopic = EnrollRequest.SourcePattern("ftrack.leech"), TargetTopic = "ftrack.proc" };

        (await api.EnrollAsync(request, Ct)).ShouldBe(new EnrollJob("a", "b", "h", "pending"));
        (await api.EnrollAsync(request, Ct)).ShouldBeNull();
        (await api.EnrollAsync(request, Ct)).ShouldBeNull();
        var bad = await Should.ThrowAsync<AyonRequestException>(() => api.EnrollAsync(request, Ct));
        var malformed = await Should.ThrowAsync<AyonRequestException>(() => api.EnrollAsync(request, Ct));

        bad.Message.ShouldContain("Request validation error");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        malformed.Message.ShouldContain("not a job");
    }

    [Fact]
    public async Task Dispatch_409_IsAlreadyStored_OtherErrorsThrow()
    {
        var (api, stub, provider) = Create();
        using var _ = provider;
        stub.Respond(HttpStatusCode.OK, """{"id":"0123456789abcdef0123456789abcdef"}""")
            .Respond(HttpStatusCode.Conflict, """{"code":409,"detail":"Event with the same hash already exists"}""")
            .Respond(HttpStatusCode.Forbidden, """{"code":403,"detail":"no"}""");
        var request = new DispatchEventRequest { Topic = "ftrack.leech", Hash = "e1", Sender = "leecher", Payload = new JsonObject { ["topic"] = "ftrack.update" } };

        (await api.DispatchEventAsync(request, Ct)).ShouldBe(new DispatchResult(DispatchOutcome.Stored, "0123456789abcdef0123456789abcdef"));
        (await api.DispatchEventAsync(request, Ct)).Outcome.ShouldBe(DispatchOutcome.AlreadyStored);
        await Should.ThrowAsync<Refit.ApiException>(() => api.DispatchEventAsync(request, Ct));

        stub.Requests[0].Body.ShouldBe("""{"topic":"ftrack.leech","sender":"leecher","hash":"e1","payload":{"topic":"ftrack.update"}}""");
    }

    [Fact]
    public async Task GraphQl_ErrorsInBody_Throw()
    {
        var (api, stub, provider) = Create();
        using var _ = provider;
        stub.Respond(HttpStatusCode.OK, """{"data":null,"errors":[{"message":"Cannot query field 'x'"}]}""");

        var ex = await Should.ThrowAsync<AyonRequestException>(() => api.QueryGraphQlAsync("{ x }", null, Ct));

        ex.Message.ShouldContain("Cannot query field 'x'");
        stub.Requests.Single().Request.RequestUri!.AbsolutePath.ShouldBe("/graphql");
    }

    [Fact]
    public async Task Settings_UseAddonVersionVariantAndProjectInPath()
    {
        var (api, stub, provider) = Create();
        using var _ = provider;
        stub.Respond(HttpStatusCode.OK, "{}").Respond(HttpStatusCode.OK, "{}").Respond(HttpStatusCode.OK, """{"addons":[]}""");
        var options = provider.GetRequiredService<IOptions<AyonOptions>>().Value;

        await api.GetServiceSettingsAsync(options, Ct);
        await api.GetServiceProjectSettingsAsync(options, "demo", Ct);
        await api.GetAllSettingsAsync("staging", "demo", Ct);

        stub.Requests[0].Request.RequestUri!.PathAndQuery.ShouldBe("/api/addons/ftrack/1.6.4/settings?variant=production");
        stub.Requests[1].Request.RequestUri!.PathAndQuery.ShouldBe("/api/addons/ftrack/1.6.4/settings/demo?variant=production");
        stub.Requests[2].Request.RequestUri!.PathAndQuery.ShouldBe("/api/settings?variant=staging&project_name=demo");
    }

    [Fact]
    public async Task DownloadAddonFile_404_RetriesOnceUnderApi()
    {
        var (api, stub, provider) = Create();
        using var _ = provider;
        stub.Respond(HttpStatusCode.NotFound, """{"code":404,"detail":"File not found"}""").Respond(HttpStatusCode.OK, "\"bytes\"");
        using var target = new MemoryStream();

        await api.DownloadAddonFileAsync("addons/hibob/1.0.2/private/h.zip", target, Ct);

        stub.Requests.Select(r => r.Request.RequestUri!.AbsolutePath).ShouldBe(["/addons/hibob/1.0.2/private/h.zip", "/api/addons/hibob/1.0.2/private/h.zip"]);
        System.Text.Encoding.UTF8.GetString(target.ToArray()).ShouldBe("\"bytes\"");
    }
}
