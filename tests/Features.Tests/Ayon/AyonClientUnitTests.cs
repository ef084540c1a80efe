using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using Polly;
using Polly.Timeout;

namespace AyonFtrack.Features.Tests.Ayon;

/// <summary>Pure parts of the AYON client: options, retry predicate, secrets, attribute planning, event paging.</summary>
public sealed class AyonClientUnitTests
{
    [Fact]
    public void AyonOptions_ToString_HidesKey_AndServiceNameFallsBackToHostName()
    {
        var options = new AyonOptions { ServerUrl = new Uri("http://ayon:5000"), ApiKey = "k-123456789", AddonName = "ftrack", AddonVersion = "1.6.4" };

        options.ToString().ShouldNotContain("k-123456789");
        options.ServiceName.ShouldBe(System.Net.Dns.GetHostName());
        options.ServiceName = "ftrack-leecher";
        options.ServiceName.ShouldBe("ftrack-leecher");
    }

    [Fact]
    public void AyonOptions_MissingUrlAndKey_FailValidationNamingTheVariables()
    {
        var results = new List<ValidationResult>();
        var options = new AyonOptions { SenderType = "bad type!" };

        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true).ShouldBeFalse();

        var messages = string.Join("\n", results.Select(r => r.ErrorMessage));
        messages.ShouldContain("AYON_SERVER_URL");
        messages.ShouldContain("AYON_API_KEY");
        messages.ShouldContain("Ayon:SenderType");
    }

    [Theory]
    [InlineData("GET", 503, true)]
    [InlineData("GET", 502, true)]
    [InlineData("GET", 504, true)]
    [InlineData("PUT", 503, true)]
    [InlineData("PATCH", 503, true)]
    [InlineData("DELETE", 503, true)]
    [InlineData("POST", 503, false)]
    [InlineData("POST", 502, false)]
    [InlineData("GET", 500, false)]
    [InlineData("GET", 404, false)]
    [InlineData("GET", 200, false)]
    public void ShouldRetry_StatusOutcomes(string method, int status, bool expected)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);

        AyonClientRegistration.ShouldRetry(new HttpMethod(method), Outcome.FromResult(response)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("PATCH", true)]
    [InlineData("POST", false)]
    public void ShouldRetry_ConnectionErrorsAndTimeouts_OnlyForIdempotentMethods(string method, bool expected)
    {
        AyonClientRegistration.ShouldRetry(new HttpMethod(method), Outcome.FromException<HttpResponseMessage>(new HttpRequestException("refused"))).ShouldBe(expected);
        AyonClientRegistration.ShouldRetry(new HttpMethod(method), Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException())).ShouldBe(expected);
        AyonClientRegistration.ShouldRetry(new HttpMethod(method), Outcome.FromException<HttpResponseMessage>(new InvalidOperationException())).ShouldBeFalse();
    }

    [Fact]
    public void BaseAddress_TrailingSlash_IsTrimmed()
    {
        AyonClientRegistration.BaseAddress(new AyonOptions { ServerUrl = new Uri("http://ayon:5000/") }).ToString().ShouldBe("http://ayon:5000/");
        AyonClientRegistration.BaseAddress(new AyonOptions { ServerUrl = new Uri("http://host/ayon/") }).AbsoluteUri.ShouldBe("http://host/ayon");
    }

    [Theory]
    [InlineData("""{"service_settings":{"api_key":""}}""", "is empty")]
    [InlineData("""{"service_settings":{}}""", "is missing")]
    [InlineData("""{"service_settings":{"api_key":42}}""", "must be a secret name")]
    public void ReadSetting_UnusableSetting_ErrorNamesTheSetting(string json, string expected)
    {
        using var doc = JsonDocument.Parse(json);

        var ex = Should.Throw<AyonSecretException>(() => AyonSecretResolver.ReadSetting(doc.RootElement, "service_settings.api_key"));

        ex.Message.ShouldContain("service_settings.api_key");
        ex.Message.ShouldContain(expected);
    }

    [Fact]
    public void Pick_FindsByExactName_MissingNamesSettingAndSecretNotValues()
    {
        AyonSecret[] secrets = [new("ftrack_key", "value-1"), new("Ftrack_Key2", "value-2")];

        AyonSecretResolver.Pick(secrets, "service_settings.api_key", "ftrack_key").ShouldBe("value-1");
        var ex = Should.Throw<AyonSecretException>(() => AyonSecretResolver.Pick(secrets, "service_settings.api_key", "ftrack_key2"));
        var hidden = Should.Throw<AyonSecretException>(() => AyonSecretResolver.Pick([new AyonSecret("s", null)], "service_settings.username", "s"));

        ex.Message.ShouldContain("service_settings.api_key");
        ex.Message.ShouldContain("ftrack_key2");
        ex.Message.ShouldNotContain("value-");
        hidden.Message.ShouldContain("admin");
        secrets[0].ToString().ShouldNotContain("value-1");
    }

    [Fact]
    public void PlanAttribute_CreatesWidensKeepsOrSkips()
    {
        var wanted = new AttributeDefinition("ftrackId", "string", "ftrack id", false, ["project", "folder", "task"]);
        var matching = new AttributeModel("ftrackId", 5, false, ["project", "folder", "task", "list"], new AttributeData { Type = "string", Title = "ftrack id", Inherit = false });
        var narrow = matching with { Scope = ["folder", "user"] };
        var inheriting = matching with { Data = matching.Data with { Inherit = null } };

        var created = AyonServiceExtensions.PlanAttribute(null, wanted, 40);
        var widened = AyonServiceExtensions.PlanAttribute(narrow, wanted, 40);

        AyonServiceExtensions.PlanAttribute(matching, wanted, 40).ShouldBeNull();
        created.ShouldNotBeNull();
        created.Position.ShouldBe(40);
        created.Scope.ShouldBe(["project", "folder", "task"]);
        created.Data.ShouldSatisfyAllConditions(() => created.Data.Type.ShouldBe("string"), () => created.Data.Inherit.ShouldBe(false));
        widened.ShouldNotBeNull();
        widened.Position.ShouldBe(5);
        widened.Scope.ShouldBe(["folder", "user", "project", "task"]);
        AyonServiceExtensions.PlanAttribute(inheriting, wanted, 40).ShouldNotBeNull().Data.Inherit.ShouldBe(false);
    }

    [Fact]
    public void EventsVariables_NewestFirstUsesLastAndBefore()
    {
        var newest = AyonEventQueries.Variables(new EventsQuery { Topics = ["ftrack.proc"], NewestFirst = true, PageSize = 1 }, "17");
        var oldest = AyonEventQueries.Variables(new EventsQuery { PageSize = 300 }, "3");

        newest["last"]!.GetValue<int>().ShouldBe(1);
        newest["before"]!.GetValue<string>().ShouldBe("17");
        newest["first"].ShouldBeNull();
        newest["topics"]!.ToJsonString().ShouldBe("""["ftrack.proc"]""");
        oldest["first"]!.GetValue<int>().ShouldBe(300);
        oldest["after"]!.GetValue<string>().ShouldBe("3");
        oldest["topics"].ShouldBeNull();
    }

    [Fact]
    public void ParsePage_ParsesJsonStringFieldsAndCursor()
    {
        using var doc = JsonDocument.Parse("""
            {"events":{"edges":[{"node":{"id":"a","topic":"t","status":"finished","retries":2,"summary":"{\"x\":1}","payload":null,"createdAt":"2026-05-04T10:11:12.123456+00:00"}}],
             "pageInfo":{"endCursor":"9","hasNextPage":true,"hasPreviousPage":false}}}
            """);

        var forward = AyonEventQueries.ParsePage(doc.RootElement, newestFirst: false);
        var backward = AyonEventQueries.ParsePage(doc.RootElement, newestFirst: true);

        forward.NextCursor.ShouldBe("9");
        backward.NextCursor.ShouldBeNull();
        var e = forward.Events.Single();
        e.Summary!["x"]!.GetValue<int>().ShouldBe(1);
        e.Payload.ShouldBeNull();
        e.Retries.ShouldBe(2);
        e.CreatedAt.ShouldBe(new DateTimeOffset(2026, 5, 4, 10, 11, 12, 123, 456, TimeSpan.Zero));
    }

    [Fact]
    public void ParsePage_MalformedSummary_ThrowsNamingTheField()
    {
        using var doc = JsonDocument.Parse("""{"events":{"edges":[{"node":{"id":"a","summary":"{not json"}}]}}""");

        var ex = Should.Throw<AyonRequestException>(() => AyonEventQueries.ParsePage(doc.RootElement, newestFirst: false));

        ex.Message.ShouldContain("summary");
    }

    [Fact]
    public void AddonSettingsOf_FindsAddonByName()
    {
        using var doc = JsonDocument.Parse("""{"addons":[{"name":"core","settings":{}},{"name":"ftrack","settings":{"enabled":false}}]}""");

        AyonServiceExtensions.AddonSettingsOf(doc.RootElement, "ftrack")!.Value.GetProperty("enabled").GetBoolean().ShouldBeFalse();
        AyonServiceExtensions.AddonSettingsOf(doc.RootElement, "missing").ShouldBeNull();
    }

    [Fact]
    public void QueryFilterNested_SerializesAsCondition()
    {
        var nested = QueryFilter.Nested(new QueryFilter { Operator = "or", Conditions = [QueryFilter.Condition("status", new JsonArray("failed", "pending"), "in")] });

        nested.ToJsonString().ShouldBe("""{"conditions":[{"key":"status","value":["failed","pending"],"operator":"in"}],"operator":"or"}""");
    }
}
