using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Sandbox.Ftrack;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Integration.Tests.Ftrack;

/// <summary>Ensuring the mandatory ftrack custom attributes (§5.7) through the product's session against the ftrack emulator.</summary>
public sealed class MandatoryAttributesTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The addon defaults: every role for ids, paths and list types; API and Administrator for auto-sync and sync-failed.</summary>
    private static readonly CustomAttributesSettings Settings = new()
    {
        MandatoryAttributes = new MandatoryAttributesSettings
        {
            AyonSyncFailed = new CustomAttributeRoles { ReadSecurityRoles = ["API", "Administrator"], WriteSecurityRoles = ["API", "Administrator"] },
            AutoSyncEnabled = new CustomAttributeRoles { ReadSecurityRoles = ["api", "administrator"], WriteSecurityRoles = ["API"] },
        },
    };

    private static readonly string[] AllRoles = ["Administrator", "API", "Supervisor", "User"];

    private const string Projection =
        "select key, label, entity_type, is_hierarchical, default, config, type.name, group.name, read_security_roles.name, write_security_roles.name from CustomAttributeConfiguration";

    private static async Task<FtrackTestHarness> StartAsync()
    {
        var harness = await FtrackTestHarness.StartAsync();
        harness.Emulator.Seed("SecurityRole", new JsonObject { ["name"] = "Supervisor", ["type"] = "PROJECT" });
        return harness;
    }

    private static JsonObject Configuration(FtrackEmulator emulator, string key) =>
        emulator.QueryLocal($"{Projection} where key is \"{key}\"").ShouldHaveSingleItem()!.AsObject();

    private static List<string> RoleNames(JsonObject configuration, string attribute, FtrackEmulator emulator) =>
        [.. configuration[attribute]!.AsArray()
            .Select(r => r!["id"]!.GetValue<string>())
            .Select(id => emulator.QueryLocal($"select name from SecurityRole where id is \"{id}\"").Single()!["name"]!.GetValue<string>())];

    [Fact]
    public async Task EnsureAsync_ShowWithoutMandatoryAttributesOrGroup_CreatesTheGroupAndAllFiveWithTheSettingsRoles()
    {
        await using var harness = await StartAsync();
        var ftrack = harness.Emulator;
        harness.Session.Delete(FtrackEntityRef.Of("CustomAttributeGroup", FtrackSeed.IdFor("cagroup:ayon")));
        await harness.Session.CommitAsync(None);

        var outcome = await MandatoryAttributes.EnsureAsync(harness.Session, Settings, None);

        outcome.Created.ShouldBe(["ayon_id", "ayon_path", "ayon_list_type", "ayon_sync_failed", "auto_sync_enabled"]);
        outcome.Updated.ShouldBeEmpty();
        var group = ftrack.QueryLocal("select id, name from CustomAttributeGroup where name is \"ayon\"").ShouldHaveSingleItem()!;
        group["id"]!.GetValue<string>().ShouldNotBe(FtrackSeed.IdFor("cagroup:ayon"));

        var ayonId = Configuration(ftrack, "ayon_id");
        ayonId["label"]!.GetValue<string>().ShouldBe("AYON ID");
        ayonId["is_hierarchical"]!.GetValue<bool>().ShouldBeTrue();
        ayonId["entity_type"]!.GetValue<string>().ShouldBe("show");
        ayonId["config"]!.GetValue<string>().ShouldBe("""{"markdown": false}""");
        ayonId["default"]!.GetValue<string>().ShouldBe("");
        RoleNames(ayonId, "read_security_roles", ftrack).ShouldBe(AllRoles, ignoreOrder: true);
        RoleNames(ayonId, "write_security_roles", ftrack).ShouldBe(AllRoles, ignoreOrder: true);

        var listType = Configuration(ftrack, "ayon_list_type");
        listType["is_hierarchical"]!.GetValue<bool>().ShouldBeFalse();
        listType["entity_type"]!.GetValue<string>().ShouldBe("list");
        listType["default"]!.GetValue<string>().ShouldBe("folder");
        listType["config"]!.GetValue<string>().ShouldContain("\"multiSelect\": false");

        var syncFailed = Configuration(ftrack, "ayon_sync_failed");
        syncFailed["config"]!.GetValue<string>().ShouldBe("{}");
        syncFailed["default"]!.GetValue<bool>().ShouldBeFalse();
        RoleNames(syncFailed, "read_security_roles", ftrack).ShouldBe(["Administrator", "API"], ignoreOrder: true);

        var autoSync = Configuration(ftrack, "auto_sync_enabled");
        autoSync["entity_type"]!.GetValue<string>().ShouldBe("show");
        RoleNames(autoSync, "read_security_roles", ftrack).ShouldBe(["Administrator", "API"], ignoreOrder: true);
        RoleNames(autoSync, "write_security_roles", ftrack).ShouldBe(["API"], ignoreOrder: true);

        foreach (var key in new[] { "ayon_id", "ayon_path", "ayon_list_type", "ayon_sync_failed", "auto_sync_enabled" })
        {
            ftrack.QueryLocal($"select group_id from CustomAttributeConfiguration where key is \"{key}\"").Single()!["group_id"]!.GetValue<string>()
                .ShouldBe(group["id"]!.GetValue<string>());
        }

        // Through the type relation as a client reads it: the right types.
        var types = ftrack.QueryLocal("select key, type.name from CustomAttributeConfiguration where group.name is \"ayon\"")
            .ToDictionary(c => c!["key"]!.GetValue<string>(), c => c!["type"]!["id"]!.GetValue<string>());
        types["ayon_id"].ShouldBe(FtrackSeed.IdFor("catype:text"));
        types["ayon_list_type"].ShouldBe(FtrackSeed.IdFor("catype:enumerator"));
        types["auto_sync_enabled"].ShouldBe(FtrackSeed.IdFor("catype:boolean"));
    }

    [Fact]
    public async Task EnsureAsync_ExistingAyonIdWithWrongLabelConfigAndRoles_UpdatesItAndCreatesTheOthers()
    {
        await using var harness = await StartAsync();
        var ftrack = harness.Emulator;
        var existing = ftrack.Seed("CustomAttributeConfiguration", new JsonObject
        {
            ["key"] = "ayon_id", ["label"] = "Ayon id (old)", ["entity_type"] = "show", ["is_hierarchical"] = true,
            ["type_id"] = FtrackSeed.IdFor("catype:text"), ["group_id"] = FtrackSeed.IdFor("cagroup:ayon"), ["config"] = "{}", ["default"] = "",
            ["read_security_roles"] = new JsonArray(new JsonObject { ["__entity_type__"] = "SecurityRole", ["id"] = FtrackSeed.IdFor("role:User") }),
        });

        var outcome = await MandatoryAttributes.EnsureAsync(harness.Session, Settings, None);

        outcome.Updated.ShouldBe(["ayon_id"]);
        outcome.Created.ShouldBe(["ayon_path", "ayon_list_type", "ayon_sync_failed", "auto_sync_enabled"]);
        var ayonId = Configuration(ftrack, "ayon_id");
        ayonId["id"]!.GetValue<string>().ShouldBe(existing);
        ayonId["label"]!.GetValue<string>().ShouldBe("AYON ID");
        ayonId["config"]!.GetValue<string>().ShouldBe("""{"markdown": false}""");
        RoleNames(ayonId, "read_security_roles", ftrack).ShouldBe(AllRoles, ignoreOrder: true);
        RoleNames(ayonId, "write_security_roles", ftrack).ShouldBe(AllRoles, ignoreOrder: true);
        ftrack.QueryLocal("select id from CustomAttributeGroup").Count.ShouldBe(1);
    }

    [Fact]
    public async Task EnsureAsync_SecondRun_WritesNothing()
    {
        await using var harness = await StartAsync();
        var ftrack = harness.Emulator;
        await MandatoryAttributes.EnsureAsync(harness.Session, Settings, None);
        ftrack.GetActionCount("create").ShouldBe(5);
        ftrack.ResetCounters();

        var outcome = await MandatoryAttributes.EnsureAsync(harness.NewSession(), Settings, None);

        outcome.Created.ShouldBeEmpty();
        outcome.Updated.ShouldBeEmpty();
        ftrack.GetActionCount("create").ShouldBe(0);
        ftrack.GetActionCount("update").ShouldBe(0);
        ftrack.GetActionCount("delete").ShouldBe(0);
        ftrack.GetActionCount("query").ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task EnsureAsync_SettingsRolesChanged_UpdatesOnlyTheRoles()
    {
        await using var harness = await StartAsync();
        var ftrack = harness.Emulator;
        await MandatoryAttributes.EnsureAsync(harness.Session, Settings, None);
        ftrack.ResetCounters();
        var narrowed = Settings with
        {
            MandatoryAttributes = Settings.MandatoryAttributes with { AyonPath = new CustomAttributeRoles { WriteSecurityRoles = ["Supervisor"] } },
        };

        var outcome = await MandatoryAttributes.EnsureAsync(harness.NewSession(), narrowed, None);

        outcome.Updated.ShouldBe(["ayon_path"]);
        ftrack.GetActionCount("update").ShouldBe(1);
        var ayonPath = Configuration(ftrack, "ayon_path");
        RoleNames(ayonPath, "write_security_roles", ftrack).ShouldBe(["Supervisor"], ignoreOrder: true);
        RoleNames(ayonPath, "read_security_roles", ftrack).ShouldBe(AllRoles, ignoreOrder: true);
    }

    [Fact]
    public async Task ApplyAsync_ServerErrorOnTheCommit_NamesTheAttribute()
    {
        await using var harness = await StartAsync();
        var current = await MandatoryAttributes.LoadAsync(harness.Session, None);
        var plan = MandatoryAttributes.Decide(current, Settings, () => Guid.NewGuid().ToString());
        harness.Emulator.FailNextRequests(1);

        var error = await Should.ThrowAsync<MandatoryAttributeException>(() => MandatoryAttributes.ApplyAsync(harness.Session, plan, None));

        error.Key.ShouldBe("ayon_id");
        error.Message.ShouldContain("create the mandatory custom attribute 'ayon_id'");
        error.Message.ShouldContain("ServerError");
        error.InnerException.ShouldBeOfType<FtrackServerException>().StatusCode.ShouldBe(500);
        harness.Emulator.QueryLocal("select id from CustomAttributeConfiguration where key is \"ayon_id\"").ShouldBeEmpty();
    }
}
