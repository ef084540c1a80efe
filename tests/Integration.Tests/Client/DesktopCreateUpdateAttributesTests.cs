using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Sandbox.Demo;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// "AYON Admin - Create/Update Custom Attributes" (U-06) through a real <c>serve</c> over both emulators: offered and run
/// only for a role of <c>user_handlers.create_update_attributes</c> (the addon default, Administrator); a run ensures the
/// mandatory attributes, the defaults file's hierarchical numbers and the mapping's hierarchical attributes in ftrack
/// (types, configs, groups, security roles), ends its Job <c>done</c> with a text report attached, and a second run writes
/// nothing; a mapping naming an AYON type ftrack lacks fails that attribute readably while the others are written.
/// </summary>
public sealed class DesktopCreateUpdateAttributesTests
{
    private static readonly string Identifier = CreateUpdateAttributes.Action.Menu.Identifier;

    private const string Configurations =
        "select id, key, label, type_id, entity_type, is_hierarchical, default, config, group_id, read_security_roles.id, write_security_roles.id from CustomAttributeConfiguration";

    [Fact]
    public async Task Serve_CreateUpdateAttributes_RoleGatedEnsuresEveryAttributeReportsOnItsJobThenChangesNothing()
    {
        await using var world = await DesktopWorld.StartAsync();
        await world.Ayon.SetAttributeAsync("shootDay", 100, ["project", "folder"], new JsonObject { ["type"] = "datetime", ["title"] = "Shoot day" }, CancellationToken.None);
        await MappingAsync(world,
            new JsonObject { ["name"] = "description", ["attr_type"] = "hierarchical", ["hierarchical"] = "ayon_description", ["standard"] = new JsonArray() },
            new JsonObject { ["name"] = "shootDay", ["attr_type"] = "hierarchical", ["hierarchical"] = "shoot_day", ["standard"] = new JsonArray() },
            new JsonObject { ["name"] = "frameStart", ["attr_type"] = "standard", ["hierarchical"] = "", ["standard"] = new JsonArray("fstart") });
        world.Ftrack.AddCustomAttribute("fps", "text", isHierarchical: true, config: "{\"markdown\": false}", label: "FPS");
        world.Ftrack.AddCustomAttribute("clipIn", "number", isHierarchical: true, config: "{\"isdecimal\": true}", label: "Clip In");
        var project = Selected.Show(world.ProjectFtrackId);
        var serve = await world.ServeAsync();
        var before = Snapshot(world);

        DesktopWorld.Offered(await world.DiscoverAsync(project)).ShouldNotContain(Identifier);
        var refused = await world.LaunchAsync(serve.Identifier(Identifier), null, project);
        ((string?)refused["message"]).ShouldBe("You don't have a role that may run \"AYON Admin - Create/Update Custom Attributes\".");
        Snapshot(world).ShouldBe(before);
        world.Jobs().ShouldBeEmpty();

        world.GrantRole(DesktopWorld.ArtistOne, "Administrator");
        DesktopWorld.Offered(await world.DiscoverAsync(project)).ShouldContain(Identifier);
        DesktopWorld.Offered(await world.DiscoverAsync(Selected.Task(world.ShotFtrackId))).ShouldContain(Identifier);
        var reply = await world.LaunchAsync(serve.Identifier(Identifier), null, project);

        // Created: 4 mandatory + 8 defaults (fps is kept as text, clipIn exists) + 2 mapped; updated: ayon_id (label, roles) and clipIn (label, config, roles).
        ((string?)reply["message"]).ShouldBe("14 created, 2 updated, 0 unchanged, 1 kept. The report is attached to the Job.", reply.ToJsonString());
        ((bool?)reply["success"]).ShouldBe(true);
        var roles = world.Query("select id, name from SecurityRole").ToDictionary(r => (string)r["name"]!, r => (string)r["id"]!);
        var types = world.Query("select id, name from CustomAttributeType").ToDictionary(r => (string)r["id"]!, r => (string)r["name"]!);
        var ayonGroup = world.Query("select id from CustomAttributeGroup where name is \"ayon\"").ShouldHaveSingleItem()["id"]!.GetValue<string>();
        var rows = world.Query(Configurations);
        JsonObject Row(string key) => rows.Single(r => (string)r["key"]! == key);
        rows.ShouldSatisfyAllConditions(
            () => Shape(Row("frameStart"), types).ShouldBe(("number", true, "show", "Frame start", "{\"isdecimal\": false}")),
            () => Shape(Row("pixelAspect"), types).ShouldBe(("number", true, "show", "Pixel aspect", "{\"isdecimal\": true}")),
            () => Shape(Row("clipIn"), types).ShouldBe(("number", true, "show", "Clip in", "{\"isdecimal\": false}")),
            () => Shape(Row("fps"), types).ShouldBe(("text", true, "show", "FPS", "{\"markdown\": false}")),
            () => Shape(Row("ayon_description"), types).ShouldBe(("text", true, "show", "Description", "{\"markdown\": false}")),
            () => Shape(Row("shoot_day"), types).ShouldBe(("date", true, "show", "Shoot day", "{}")),
            () => Shape(Row("ayon_list_type"), types).Item3.ShouldBe("list"),
            () => RoleIds(Row("frameStart"), "read_security_roles").ShouldBe(roles.Values, ignoreOrder: true),
            () => RoleIds(Row("shoot_day"), "write_security_roles").ShouldBe(roles.Values, ignoreOrder: true),
            () => RoleIds(Row("clipIn"), "write_security_roles").ShouldBe(roles.Values, ignoreOrder: true),
            () => RoleIds(Row("auto_sync_enabled"), "write_security_roles").ShouldBe([roles["API"], roles["Administrator"]], ignoreOrder: true),
            () => RoleIds(Row("ayon_id"), "read_security_roles").ShouldBe(roles.Values, ignoreOrder: true),
            () => new[] { "ayon_id", "ayon_path", "ayon_list_type", "ayon_sync_failed", "auto_sync_enabled" }.Select(k => (string?)Row(k)["group_id"]).ShouldAllBe(g => g == ayonGroup),
            () => ((string?)Row("frameStart")["group_id"]).ShouldBeNull(),
            () => rows.ShouldNotContain(r => (string)r["key"]! == "fstart"));

        var (status, description, report) = LastJob(world);
        status.ShouldBe("done");
        description.ShouldBe("Create/Update Custom Attributes: 14 created, 2 updated, 0 unchanged, 1 kept. The report is attached to the Job.");
        report.ShouldSatisfyAllConditions(
            () => report.ShouldContain("\nCreated:\n"),
            () => report.ShouldContain("  shoot_day (hierarchical date, from the mapping of AYON attribute 'shootDay')\n"),
            () => report.ShouldContain("  clipIn (hierarchical number, from the defaults file): label, config, read_security_roles, write_security_roles\n"),
            () => report.ShouldContain("  fps: kept as the text attribute ftrack has\n"),
            () => report.ShouldContain("'fstart' (standard mapping of AYON attribute 'frameStart') exists on no ftrack entity type"),
            () => report.ShouldNotContain("Failed (nothing was written"));

        var written = Snapshot(world);
        var again = await world.LaunchAsync(serve.Identifier(Identifier), null, project);

        ((string?)again["message"]).ShouldBe("0 created, 0 updated, 16 unchanged, 1 kept. The report is attached to the Job.", again.ToJsonString());
        Snapshot(world).ShouldBe(written);
        world.Jobs().Select(j => j.Status).ShouldBe(["done", "done"]);
    }

    [Fact]
    public async Task Serve_CreateUpdateAttributes_MappingOfATypeFtrackLacks_FailsThatAttributeReadablyAndWritesTheOthers()
    {
        await using var world = await DesktopWorld.StartAsync();
        await world.Ayon.SetAttributeAsync("reviewers", 100, ["folder"], new JsonObject { ["type"] = "list_of_integers", ["title"] = "Reviewers" }, CancellationToken.None);
        await MappingAsync(world, new JsonObject { ["name"] = "reviewers", ["attr_type"] = "hierarchical", ["hierarchical"] = "reviewers", ["standard"] = new JsonArray() });
        world.GrantRole(DesktopWorld.ArtistOne, "Administrator");
        var project = Selected.Show(world.ProjectFtrackId);
        var serve = await world.ServeAsync();

        var reply = await world.LaunchAsync(serve.Identifier(Identifier), null, project);

        const string Failure = "reviewers (not created for the mapping: AYON attribute 'reviewers' is of type 'list_of_integers', which no ftrack custom attribute type holds "
            + "(ftrack has text, boolean, date, enumerator, dynamic enumerator, number))";
        reply.ShouldSatisfyAllConditions(
            () => ((bool?)reply["success"]).ShouldBe(false),
            () => ((string?)reply["message"]).ShouldBe($"14 created, 1 updated, 0 unchanged; 1 failed: {Failure}. The report is attached to the Job.", reply.ToJsonString()));
        var keys = world.Query(Configurations).Select(r => (string)r["key"]!).ToList();
        keys.ShouldContain("frameStart");
        keys.ShouldNotContain("reviewers");
        var (status, description, report) = LastJob(world);
        status.ShouldBe("failed");
        description.ShouldStartWith("Create/Update Custom Attributes: 14 created, 1 updated, 0 unchanged; 1 failed: reviewers");
        report.ShouldContain("\nFailed (nothing was written for these):\n  Attribute \"reviewers\": not created for the mapping: AYON attribute 'reviewers' is of type 'list_of_integers'");
    }

    /// <summary>Sets the studio's ftrack settings as the world seeds them, with an attribute mapping of <paramref name="items"/>.</summary>
    private static Task MappingAsync(DesktopWorld world, params JsonObject[] items) =>
        world.Ayon.SetAddonSettingsAsync("ftrack", DemoWorld.AddonVersion, DemoWorld.Variant, new JsonObject
        {
            ["ftrack_server"] = world.Ftrack.BaseUrl.GetLeftPart(UriPartial.Authority),
            ["service_settings"] = new JsonObject { ["username"] = DemoWorld.UsernameSecret, ["api_key"] = DemoWorld.ApiKeySecret },
            ["custom_attributes"] = new JsonObject
            {
                ["attributes_mapping"] = new JsonObject { ["enabled"] = true, ["mapping"] = new JsonArray([.. items]) },
            },
        }, CancellationToken.None);

    /// <summary>Every configuration with its roles, as text, in id order: equal snapshots mean nothing was written.</summary>
    private static string Snapshot(DesktopWorld world) =>
        string.Join('\n', world.Query(Configurations).OrderBy(r => (string)r["id"]!, StringComparer.Ordinal).Select(r => r.ToJsonString()))
        + $"\ngroups: {world.Query("select id from CustomAttributeGroup").Count}";

    private static (string Type, bool Hierarchical, string? EntityType, string? Label, string? Config) Shape(JsonObject row, Dictionary<string, string> types) =>
        (types[(string)row["type_id"]!], (bool)row["is_hierarchical"]!, (string?)row["entity_type"], (string?)row["label"], (string?)row["config"]);

    private static IReadOnlyList<string> RoleIds(JsonObject row, string field) =>
        [.. (row[field]?.AsArray() ?? []).Select(r => (string)r!["id"]!)];

    /// <summary>The artist's newest Job: its status, its description and the text of its one attached report.</summary>
    private static (string Status, string Description, string Report) LastJob(DesktopWorld world)
    {
        var job = world.Query($"select id, status, data, created_at from Job where user_id is \"{world.Artists[DesktopWorld.ArtistOne].Id}\" order by created_at")[^1];
        var jobId = (string)job["id"]!;
        var componentId = (string)world.Query($"select component_id from JobComponent where job_id is \"{jobId}\"").ShouldHaveSingleItem()["component_id"]!;
        var component = world.Query($"select name, file_type from FileComponent where id is \"{componentId}\"").ShouldHaveSingleItem();
        ((string)component["name"]!).ShouldStartWith(CreateUpdateAttributes.ReportName + "_");
        ((string?)component["file_type"]).ShouldBe(".txt");
        var bytes = world.Ftrack.GetUploadedFile(componentId).ShouldNotBeNull();
        return ((string)job["status"]!, (string?)JsonNode.Parse((string)job["data"]!)?["description"] ?? "", Encoding.UTF8.GetString(bytes));
    }
}
