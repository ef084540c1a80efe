using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Integration.Tests.Ayon.Entities;

namespace AyonFtrack.Integration.Tests.Ayon;

/// <summary>
/// Emulator behaviours a client nobody here wrote would notice (issue 16): optional authentication, folder lookups by
/// path, the anatomy model defaults on deploy and the production bundle a studio always has. Each was written from
/// ayon-backend's code and failed against the emulator before its fix.
/// </summary>
public sealed class AyonEmulatorFidelityTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static HttpClient Bearer(AyonTestHost host, string token)
    {
        var client = host.Raw(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task Info_UnknownBearerToken_AnswersAnonymously()
    {
        await using var host = await AyonTestHost.StartAsync();
        using var client = Bearer(host, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

        using var response = await client.GetAsync(new Uri("/api/info", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var info = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        info.ShouldSatisfyAllConditions(
            () => info["version"]!.GetValue<string>().ShouldBe(host.Emulator.Options.ServerVersion),
            () => info.ContainsKey("user").ShouldBeFalse(),
            () => info.ContainsKey("attributes").ShouldBeFalse());
    }

    [Fact]
    public async Task Root_UnknownBearerToken_Is200_AndProtectedRouteIs401InvalidSession()
    {
        await using var host = await AyonTestHost.StartAsync();
        using var client = Bearer(host, "not-a-session");

        using var root = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        using var me = await client.GetAsync(new Uri("/api/users/me", UriKind.Relative), Ct);

        root.StatusCode.ShouldBe(HttpStatusCode.OK);
        me.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await me.Content.ReadFromJsonAsync<JsonObject>(Ct))!["detail"]!.GetValue<string>().ShouldBe("Invalid session");
    }

    [Fact]
    public async Task Bearer_ApiKeyUsedBefore_IsItsSession_ButNotBeforeFirstUse()
    {
        await using var host = await AyonTestHost.StartAsync();
        using var bearer = Bearer(host, host.Emulator.ServiceApiKey);
        using var keyed = host.Raw(host.Emulator.ServiceApiKey);

        using var before = await bearer.GetAsync(new Uri("/api/users/me", UriKind.Relative), Ct);
        using var opened = await keyed.GetAsync(new Uri("/api/users/me", UriKind.Relative), Ct);
        using var after = await bearer.GetAsync(new Uri("/api/info", UriKind.Relative), Ct);

        before.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        opened.StatusCode.ShouldBe(HttpStatusCode.OK);
        after.StatusCode.ShouldBe(HttpStatusCode.OK);
        var info = (await after.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        info["user"]!["name"]!.GetValue<string>().ShouldBe(host.Emulator.Options.ServiceUserName);
    }

    [Fact]
    public async Task GraphQlFolders_ByPaths_ReturnsExactlyThoseFolders_AndAMissingPathReturnsNothing()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        var sq = await h.Api.CreateFolderAsync(EntityEmulatorHarness.Project, new FolderCreate { Name = "sq01", FolderType = "Sequence" }, h.Token);
        var sh = await h.Api.CreateFolderAsync(EntityEmulatorHarness.Project, new FolderCreate { Name = "sh010", FolderType = "Shot", ParentId = sq.Id }, h.Token);
        await h.Api.CreateFolderAsync(EntityEmulatorHarness.Project, new FolderCreate { Name = "sh020", FolderType = "Shot", ParentId = sq.Id }, h.Token);

        async Task<List<string>> PathsAsync(string arguments)
        {
            var response = await h.Api.GraphQlAsync(new GraphQlRequest(
                $$"""query { project(name: "{{EntityEmulatorHarness.Project}}") { folders({{arguments}}) { edges { node { id path } } } } }""", null), h.Token);
            response.Errors.ShouldBeNull();
            return [.. response.Data!.Value.GetProperty("project").GetProperty("folders").GetProperty("edges").EnumerateArray()
                .Select(e => e.GetProperty("node").GetProperty("path").GetString()!)];
        }

        var byPath = await PathsAsync("""paths: ["sq01/sh010"]""");
        var slashes = await PathsAsync("""paths: ["/sq01/sh010/", "/sq01"]""");
        var missing = await PathsAsync("""paths: ["/sq01/sh999"]""");
        var empty = await PathsAsync("paths: []");
        var regex = await PathsAsync("""pathEx: "^/sq01/sh0[12]0$" """);
        var noneByRegex = await PathsAsync("""pathEx: "^/sh" """);

        byPath.ShouldBe(["/sq01/sh010"]);
        slashes.OrderBy(p => p, StringComparer.Ordinal).ShouldBe(["/sq01", "/sq01/sh010"]);
        missing.ShouldBeEmpty();
        empty.ShouldBeEmpty();
        regex.OrderBy(p => p, StringComparer.Ordinal).ShouldBe(["/sq01/sh010", "/sq01/sh020"]);
        noneByRegex.ShouldBeEmpty();
        sh.Id.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task DeployProject_AnatomyItemsWithNamesOnly_GetTheModelDefaults()
    {
        await using var h = await EntityEmulatorHarness.StartAsync(seedProject: false);
        using var raw = new HttpClient { BaseAddress = h.Emulator.BaseUrl };
        raw.DefaultRequestHeaders.Add("x-api-key", h.Emulator.ServiceApiKey);
        var anatomy = new JsonObject
        {
            ["folder_types"] = new JsonArray(new JsonObject { ["name"] = "Shot", ["unknownKey"] = 1 }),
            ["task_types"] = new JsonArray(new JsonObject { ["name"] = "Comp", ["shortName"] = "cmp" }),
            ["statuses"] = new JsonArray(new JsonObject { ["name"] = "Waiting" }, new JsonObject { ["name"] = "Done", ["state"] = "done", ["scope"] = new JsonArray("task") }),
            ["tags"] = new JsonArray(new JsonObject { ["name"] = "hero" }),
        };

        using var deployed = await raw.PostAsJsonAsync("/api/projects", new JsonObject { ["name"] = "show", ["code"] = "sh", ["anatomy"] = anatomy }, Ct);
        using var badState = await raw.PostAsJsonAsync("/api/projects", new JsonObject
        {
            ["name"] = "show2",
            ["code"] = "sh2",
            ["anatomy"] = new JsonObject { ["statuses"] = new JsonArray(new JsonObject { ["name"] = "X", ["state"] = "sleeping" }) },
        }, Ct);
        var project = (await raw.GetFromJsonAsync<JsonObject>(new Uri("/api/projects/show", UriKind.Relative), Ct))!;

        deployed.StatusCode.ShouldBe(HttpStatusCode.Created);
        badState.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        project["folderTypes"].ShouldBeJson(JsonNode.Parse("""[{"name":"Shot","shortName":"","color":"#cccccc","icon":"folder"}]"""));
        project["taskTypes"].ShouldBeJson(JsonNode.Parse("""[{"name":"Comp","shortName":"cmp","color":"#cccccc","icon":"task_alt"}]"""));
        project["statuses"].ShouldBeJson(JsonNode.Parse("""
            [{"name":"Waiting","shortName":"","state":"not_started","icon":"","color":"#cacaca","scope":["folder","product","version","representation","task","workfile"]},
             {"name":"Done","shortName":"","state":"done","icon":"","color":"#cacaca","scope":["task"]}]
            """));
        project["tags"].ShouldBeJson(JsonNode.Parse("""[{"name":"hero","color":"#cacaca"}]"""));
    }

    [Fact]
    public async Task PatchProject_Lists_AreStoredAsSent_AsTheProjectModelTypesThemListOfAny()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        using var raw = new HttpClient { BaseAddress = h.Emulator.BaseUrl };
        raw.DefaultRequestHeaders.Add("x-api-key", h.Emulator.ServiceApiKey);
        var before = (await raw.GetFromJsonAsync<JsonObject>(new Uri($"/api/projects/{EntityEmulatorHarness.Project}", UriKind.Relative), Ct))!;
        var statuses = (JsonArray)before["statuses"]!.DeepClone();
        statuses.Add(new JsonObject { ["name"] = "Waiting" });

        using var patched = await raw.PatchAsJsonAsync($"/api/projects/{EntityEmulatorHarness.Project}", new JsonObject { ["statuses"] = statuses }, Ct);
        var after = (await raw.GetFromJsonAsync<JsonObject>(new Uri($"/api/projects/{EntityEmulatorHarness.Project}", UriKind.Relative), Ct))!;

        patched.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        after["statuses"]!.AsArray().Last().ShouldBeJson(JsonNode.Parse("""{"name":"Waiting"}"""));
    }

    [Fact]
    public async Task Settings_ProductionVariant_ServesTheSeededBundleWithTheRegisteredAddons()
    {
        await using var host = await AyonTestHost.StartAsync();
        await host.Emulator.SetAddonDefaultsAsync("ftrack", "1.6.4", new JsonObject { ["ftrack_server"] = "" }, Ct);
        await host.Emulator.SetAddonSettingsAsync("ftrack", "1.6.4", "production", new JsonObject { ["ftrack_server"] = "https://studio.ftrackapp.com" }, Ct);
        var api = host.Client();

        var all = await api.GetAllSettingsAsync("production", null, Ct);

        all.GetProperty("bundleName").GetString().ShouldBe("sandbox-production");
        var ftrack = all.GetProperty("addons").EnumerateArray().Single();
        ftrack.ShouldSatisfyAllConditions(
            () => ftrack.GetProperty("name").GetString().ShouldBe("ftrack"),
            () => ftrack.GetProperty("version").GetString().ShouldBe("1.6.4"),
            () => ftrack.GetProperty("settings").GetProperty("ftrack_server").GetString().ShouldBe("https://studio.ftrackapp.com"));
    }

    [Fact]
    public async Task Settings_ProductionBundleAddedByATest_ReplacesTheSeededOne()
    {
        await using var host = await AyonTestHost.StartAsync();
        await host.Emulator.AddBundleAsync("prod-2026-05", new Dictionary<string, string>(), isProduction: true, isStaging: false, Ct);
        await host.Emulator.SetAddonDefaultsAsync("ftrack", "1.6.4", new JsonObject(), Ct);

        var all = await host.Client().GetAllSettingsAsync("production", null, Ct);

        all.GetProperty("bundleName").GetString().ShouldBe("prod-2026-05");
        all.GetProperty("addons").GetArrayLength().ShouldBe(0);
        all.ValueKind.ShouldBe(JsonValueKind.Object);
    }
}
