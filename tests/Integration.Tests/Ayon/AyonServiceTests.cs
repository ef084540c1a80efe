using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace AyonFtrack.Integration.Tests.Ayon;

/// <summary>Start-up, auth, settings, secrets, attributes and addon files through the real client.</summary>
public sealed class AyonServiceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static readonly AttributeDefinition[] FtrackAttributes =
    [
        new("ftrackId", "string", "ftrack id", false, ["project", "folder", "task", "version", "list"]),
        new("ftrackPath", "string", "ftrack path", false, ["project", "folder", "task"]),
    ];

    [Fact]
    public async Task StartService_ValidKey_ReturnsVersionAndServiceUser()
    {
        await using var host = await AyonTestHost.StartAsync();

        var identity = await host.Client().StartServiceAsync(Ct);

        identity.ServerVersion.ShouldBe("1.16.0");
        identity.User.Name.ShouldBe("service");
        identity.User.IsService.ShouldBeTrue();
    }

    [Fact]
    public async Task StartService_WrongKey_FailsNamingTheSettingNotTheKey()
    {
        await using var host = await AyonTestHost.StartAsync();
        const string wrongKey = "wrong-key-0123456789";

        var ex = await Should.ThrowAsync<AyonRequestException>(() => host.Client(apiKey: wrongKey).StartServiceAsync(Ct));

        ex.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        ex.Message.ShouldContain("AYON_API_KEY");
        ex.Message.ShouldNotContain(wrongKey);
    }

    [Fact]
    public async Task Auth_MissingOrInvalidKeyAndApiKeyScheme_AnswerLikeTheServer()
    {
        await using var host = await AyonTestHost.StartAsync();
        using var anonymous = host.Raw(null);
        using var wrong = host.Raw("nope");
        using var scheme = host.Raw(null);
        scheme.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "apikey " + host.Emulator.ServiceApiKey);

        using var missing = await anonymous.GetAsync(new Uri("/api/users/me", UriKind.Relative), Ct);
        using var invalid = await wrong.GetAsync(new Uri("/api/users/me", UriKind.Relative), Ct);
        using var ok = await scheme.GetAsync(new Uri("/api/users/me", UriKind.Relative), Ct);
        using var root = await anonymous.GetAsync(new Uri("/", UriKind.Relative), Ct);

        missing.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await missing.Content.ReadAsStringAsync(Ct)).ShouldBe("""{"code":401,"detail":"Access token is missing"}""");
        (await invalid.Content.ReadAsStringAsync(Ct)).ShouldBe("""{"code":401,"detail":"Invalid API key"}""");
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        root.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Impersonation_OnlyHonouredForServiceKeys()
    {
        await using var host = await AyonTestHost.StartAsync();
        await host.Emulator.AddUserAsync("artist", isService: false, apiKey: "artist-key", Ct);
        await host.Emulator.AddUserAsync("other", isService: false, apiKey: null, Ct);
        var service = host.Client();
        var artist = host.Client(apiKey: "artist-key");

        using (AyonImpersonation.As("artist"))
        {
            (await service.GetCurrentUserAsync(Ct)).Name.ShouldBe("artist");
        }

        using (AyonImpersonation.As("other"))
        {
            (await artist.GetCurrentUserAsync(Ct)).Name.ShouldBe("artist");
            var ex = await Should.ThrowAsync<ApiException>(() => artist.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech" }, Ct));
            ex.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
    }

    [Theory]
    [InlineData("production", "https://prod.ftrackapp.com")]
    [InlineData("staging", "https://staging.ftrackapp.com")]
    [InlineData("dev-bundle", "")]
    public async Task GetServiceSettings_PerVariant_AppliesThatVariantsOverrides(string variant, string expectedServer)
    {
        await using var host = await AyonTestHost.StartAsync();
        await SeedSettingsAsync(host);
        var provider = host.Services(variant: variant);
        var api = provider.GetRequiredService<IAyonApi>();
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AyonOptions>>().Value;

        var settings = await api.GetServiceSettingsAsync(options, Ct);

        settings.GetProperty("ftrack_server").GetString().ShouldBe(expectedServer);
        settings.GetProperty("enabled").GetBoolean().ShouldBeTrue();
        settings.GetProperty("service_settings").GetProperty("api_key").GetString().ShouldBe(variant == "dev-bundle" ? "" : "ftrack_key_secret");
    }

    [Fact]
    public async Task GetSettings_ProjectAndAllAddons_MergeOverrides()
    {
        await using var host = await AyonTestHost.StartAsync();
        await SeedSettingsAsync(host);
        await host.Emulator.SetProjectAddonSettingsAsync("ftrack", "1.6.4", "production", "demo", new JsonObject { ["ftrack_server"] = "https://demo.ftrackapp.com" }, Ct);
        await host.Emulator.AddBundleAsync("prod-2026-05", new Dictionary<string, string> { ["ftrack"] = "1.6.4" }, isProduction: true, isStaging: false, Ct);
        var api = host.Client();

        var project = await api.GetAddonProjectSettingsAsync("ftrack", "1.6.4", "demo", "production", Ct);
        var all = await api.GetAllSettingsAsync("production", "demo", Ct);
        var missingBundle = await Should.ThrowAsync<ApiException>(() => api.GetAllSettingsAsync("staging", null, Ct));
        var unknownAddon = await Should.ThrowAsync<ApiException>(() => api.GetAddonSettingsAsync("nope", "1.0.0", "production", Ct));

        project.GetProperty("ftrack_server").GetString().ShouldBe("https://demo.ftrackapp.com");
        all.GetProperty("bundleName").GetString().ShouldBe("prod-2026-05");
        AyonServiceExtensions.AddonSettingsOf(all, "ftrack")!.Value.GetProperty("ftrack_server").GetString().ShouldBe("https://demo.ftrackapp.com");
        missingBundle.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknownAddon.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ResolveSecret_SettingNamesSecret_ReturnsValue()
    {
        await using var host = await AyonTestHost.StartAsync();
        await SeedSettingsAsync(host);
        await host.Emulator.SetSecretAsync("ftrack_key_secret", "the-ftrack-key", Ct);
        await host.Emulator.SetSecretAsync("ftrack_user_secret", "jdoe", Ct);
        var api = host.Client();
        var resolver = new AyonSecretResolver(api);
        var settings = await api.GetAddonSettingsAsync("ftrack", "1.6.4", "production", Ct);

        (await resolver.ResolveAsync(settings, "service_settings.api_key", Ct)).ShouldBe("the-ftrack-key");
        (await resolver.ResolveAsync(settings, "service_settings.username", Ct)).ShouldBe("jdoe");
        (await api.GetSecretAsync("ftrack_key_secret", Ct)).Content!.Value.ShouldBe("the-ftrack-key");
        (await api.GetSecretAsync("missing", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ResolveSecret_MissingSecret_ErrorNamesSettingAndSecret()
    {
        await using var host = await AyonTestHost.StartAsync();
        await SeedSettingsAsync(host);
        await host.Emulator.SetSecretAsync("unrelated", "unrelated-value", Ct);
        var api = host.Client();
        var settings = await api.GetAddonSettingsAsync("ftrack", "1.6.4", "production", Ct);
        var devSettings = await api.GetAddonSettingsAsync("ftrack", "1.6.4", "dev-bundle", Ct);
        var resolver = new AyonSecretResolver(api);

        var missing = await Should.ThrowAsync<AyonSecretException>(() => resolver.ResolveAsync(settings, "service_settings.api_key", Ct));
        var empty = await Should.ThrowAsync<AyonSecretException>(() => resolver.ResolveAsync(devSettings, "service_settings.api_key", Ct));

        missing.Message.ShouldContain("service_settings.api_key");
        missing.Message.ShouldContain("ftrack_key_secret");
        missing.Message.ShouldNotContain("unrelated-value");
        empty.Message.ShouldContain("service_settings.api_key");
        empty.Message.ShouldContain("empty");
    }

    [Fact]
    public async Task EnsureAttributes_CreatesWidensThenDoesNothing()
    {
        await using var host = await AyonTestHost.StartAsync(seedFtrackAttributes: false);
        await host.Emulator.SetAttributeAsync("ftrackId", 90, ["project", "folder"], new JsonObject
        {
            ["type"] = "string",
            ["title"] = "ftrack id",
            ["inherit"] = false,
            ["description"] = "kept",
        }, Ct);
        var api = host.Client();

        var first = await api.EnsureAttributesAsync(FtrackAttributes, Ct);
        host.Emulator.ResetRequestCounts();
        var second = await api.EnsureAttributesAsync(FtrackAttributes, Ct);

        first.ShouldBe(["ftrackId", "ftrackPath"]);
        second.ShouldBeEmpty();
        host.Emulator.RequestCount("PUT", "/api/attributes").ShouldBe(0);
        var attributes = (await api.GetAttributesAsync(Ct)).Attributes;
        var id = attributes.Single(a => a.Name == "ftrackId");
        id.Scope.ShouldBe(["project", "folder", "task", "version", "list"]);
        id.Position.ShouldBe(90);
        id.Data.Description.ShouldBe("kept");
        var path = attributes.Single(a => a.Name == "ftrackPath");
        path.Scope.ShouldBe(["project", "folder", "task"]);
        path.Data.ShouldSatisfyAllConditions(() => path.Data.Type.ShouldBe("string"), () => path.Data.Title.ShouldBe("ftrack path"), () => path.Data.Inherit.ShouldBe(false));
        attributes.ShouldContain(a => a.Name == "fps");
    }

    [Fact]
    public async Task CustomProcessorHandlers_PerVariant_AndDownloadWithApiFallback()
    {
        await using var host = await AyonTestHost.StartAsync();
        await SeedSettingsAsync(host);
        var content = Encoding.UTF8.GetBytes("archive bytes");
        await host.Emulator.AddAddonFileAsync("hibob", "1.0.2", "hibob_event_handlers.tar.gz", content, isPublic: false, Ct);
        await host.Emulator.SetCustomProcessorHandlersAsync("production", [("hibob", "1.0.2", "addons/hibob/1.0.2/private/hibob_event_handlers.tar.gz")], Ct);
        var api = host.Client();

        var production = await api.GetCustomProcessorHandlersAsync("ftrack", "1.6.4", "production", Ct);
        var staging = await api.GetCustomProcessorHandlersAsync("ftrack", "1.6.4", "staging", Ct);
        host.Emulator.InjectFault(new AyonFtrack.Sandbox.Ayon.AyonFault { Method = "GET", PathPrefix = "/addons/hibob", StatusCode = 404, Times = 1 });
        using var downloaded = new MemoryStream();
        await api.DownloadAddonFileAsync(production.CustomHandlers![0].Endpoint, downloaded, Ct);
        using var anonymous = host.Raw(null);
        using var unauthenticated = await anonymous.GetAsync(new Uri("/addons/hibob/1.0.2/private/hibob_event_handlers.tar.gz", UriKind.Relative), Ct);
        await host.Emulator.AddAddonFileAsync("hibob", "1.0.2", "docs/readme.txt", content, isPublic: true, Ct);
        var publicFile = await anonymous.GetByteArrayAsync(new Uri("/addons/hibob/1.0.2/public/docs/readme.txt", UriKind.Relative), Ct);
        using var traversal = await anonymous.GetAsync(new Uri("/addons/hibob/1.0.2/public/docs/%2E%2E/readme.txt", UriKind.Relative), Ct);

        production.CustomHandlers.Single().AddonName.ShouldBe("hibob");
        staging.CustomHandlers.ShouldNotBeNull().ShouldBeEmpty();
        downloaded.ToArray().ShouldBe(content);
        host.Emulator.RequestCount("GET", "/api/addons/hibob").ShouldBe(1);
        unauthenticated.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        publicFile.ShouldBe(content);
        traversal.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await Should.ThrowAsync<AyonRequestException>(() => api.DownloadAddonFileAsync("addons/hibob/1.0.2/private/missing.zip", Stream.Null, Ct));
    }

    private static async Task SeedSettingsAsync(AyonTestHost host)
    {
        var e = host.Emulator;
        await e.SetAddonDefaultsAsync("ftrack", "1.6.4", new JsonObject
        {
            ["enabled"] = true,
            ["ftrack_server"] = "",
            ["service_settings"] = new JsonObject { ["username"] = "", ["api_key"] = "" },
        }, Ct);
        await e.SetAddonSettingsAsync("ftrack", "1.6.4", "production", new JsonObject
        {
            ["ftrack_server"] = "https://prod.ftrackapp.com",
            ["service_settings"] = new JsonObject { ["username"] = "ftrack_user_secret", ["api_key"] = "ftrack_key_secret" },
        }, Ct);
        await e.SetAddonSettingsAsync("ftrack", "1.6.4", "staging", new JsonObject
        {
            ["ftrack_server"] = "https://staging.ftrackapp.com",
            ["service_settings"] = new JsonObject { ["api_key"] = "ftrack_key_secret" },
        }, Ct);
    }
}
