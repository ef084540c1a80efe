using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Sync.Actions;
using AyonFtrack.Integration.Tests.Processor;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ftrack;

namespace AyonFtrack.Integration.Tests.Sync;

/// <summary>Prepare Project (P-05) end to end: web client on the hub → leecher → AYON queue → processor → replies on the hub.</summary>
public sealed class PrepareProjectActionTests
{
    private static readonly TimeSpan Deadline = ProcessorHarness.Deadline;

    /// <summary>The submission of <paramref name="form"/> as ftrack's web UI sends it: every named item's value, with <paramref name="overrides"/>.</summary>
    internal static JsonObject Submit(JsonObject form, JsonObject? overrides = null)
    {
        var values = new JsonObject();
        foreach (var item in form["items"]!.AsArray().OfType<JsonObject>().Where(i => i["name"] is not null))
        {
            values[item["name"]!.GetValue<string>()] = item["value"]?.DeepClone();
        }

        foreach (var (key, value) in overrides ?? [])
        {
            values[key] = value?.DeepClone();
        }

        return values;
    }

    [Fact]
    public async Task PrepareProject_WizardWithFormValues_CreatesTheProjectCleansArtistsWithoutARoleWritesBackAndLaunchesTheSync()
    {
        var (world, leecher) = await SyncActionTests.StartAsync(autoSync: false);
        await using var disposeWorld = world;
        await using var disposeLeecher = leecher;
        var ftrack = world.World.Ftrack;
        ftrack.QueryLocal("select id from CustomAttributeConfiguration where key is 'ayon_list_type'").ShouldBeEmpty();
        SyncActionTests.GrantAdministrator(world.World);

        // A private project: anna has a role on it, bob has none.
        await world.CommitAsync(s => s.Update(FtrackEntityRef.Of(FtrackEntityTypes.Project, world.ProjectId), new Dictionary<string, object?> { ["is_private"] = true }));
        var anna = ftrack.AddUser("anna.k", email: "anna@studio.test");
        var annaRole = ftrack.Seed("UserSecurityRole", new JsonObject { ["user_id"] = anna.Id, ["security_role_id"] = FtrackSeed.IdFor("role:Administrator"), ["is_all_projects"] = false });
        ftrack.Seed("UserSecurityRoleProject", new JsonObject { ["user_security_role_id"] = annaRole, ["project_id"] = world.ProjectId });
        // AYON keeps the access groups of existing projects only (ayon-backend validate_access_groups): "other" exists.
        var (_, setupAyon, _, setupScope) = world.Scope();
        await using (setupScope)
        {
            (await setupAyon.DeployProjectAsync(new Features.Ayon.Entities.DeployProjectRequest { Name = "other", Code = "ot" }, CancellationToken.None)).IsSuccessful.ShouldBeTrue();
        }

        var groups = new JsonObject { ["accessGroups"] = new JsonObject { [SyncWorld.ProjectName] = new JsonArray("artist"), ["other"] = new JsonArray("artist") } };
        await world.World.Ayon.AddUserAsync("anna", null, (JsonObject)groups.DeepClone(), new JsonObject { ["email"] = "anna@studio.test" }, CancellationToken.None);
        await world.World.Ayon.AddUserAsync("bob", null, (JsonObject)groups.DeepClone(), new JsonObject { ["email"] = "bob@studio.test" }, CancellationToken.None);

        await using var processor = await InProcessProcessor.StartAsync(world.World, []);

        var discover = world.World.Hub.PublishAsWebClient(ServerAction.DiscoverTopic, SyncActionTests.Discover(world.ProjectId));
        var offered = await SyncActionTests.OfferedAsync(world.World, discover);
        var prepare = offered.Single(i => i["actionIdentifier"]!.GetValue<string>() == PrepareProject.Action.Identifier);
        prepare["variant"]!.GetValue<string>().ShouldBe("- Prepare Project for AYON");

        var presetForm = await SyncActionTests.ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(
            ServerAction.LaunchTopic, SyncActionTests.Launch(PrepareProject.Action.Identifier, world.ProjectId)));
        presetForm["title"]!.GetValue<string>().ShouldBe("Choose AYON Anatomy Preset");
        var autoSyncItem = presetForm["items"]!.AsArray().Single(i => i!["name"]?.GetValue<string>() == "auto_sync_project")!;
        autoSyncItem["type"]!.GetValue<string>().ShouldBe("boolean");
        autoSyncItem["value"]!.GetValue<bool>().ShouldBeFalse();

        var attributeForm = await SyncActionTests.ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(
            ServerAction.LaunchTopic, SyncActionTests.Launch(PrepareProject.Action.Identifier, world.ProjectId, Submit(presetForm))));
        attributeForm["title"]!.GetValue<string>().ShouldBe("Default project attributes");
        var names = attributeForm["items"]!.AsArray().Select(i => i!["name"]?.GetValue<string>()).OfType<string>().ToList();
        names.ShouldContain("attr_fps");
        names.ShouldNotContain("attr_ftrackId");

        var done = await SyncActionTests.ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(
            ServerAction.LaunchTopic, SyncActionTests.Launch(PrepareProject.Action.Identifier, world.ProjectId, Submit(attributeForm, new JsonObject { ["attr_fps"] = 24.0 }))));
        done.ToJsonString().ShouldBe("""{"success":true,"message":"Project created in AYON."}""");

        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            var project = (await ayon.GetProjectAsync(SyncWorld.ProjectName, CancellationToken.None)).Content!;
            project.Code.ShouldBe("ds");
            project.Attrib["fps"]!.GetValue<double>().ShouldBe(24.0);
            var bob = (await ayon.GetUserAsync("bob", CancellationToken.None)).Content!;
            // AYON drops a project whose access-group list became empty: bob has no access to it any more.
            (bob.Data["accessGroups"]![SyncWorld.ProjectName] as JsonArray ?? []).ShouldBeEmpty();
            bob.Data["accessGroups"]!["other"]!.AsArray().Single()!.GetValue<string>().ShouldBe("artist");
            var annaUser = (await ayon.GetUserAsync("anna", CancellationToken.None)).Content!;
            annaUser.Data["accessGroups"]![SyncWorld.ProjectName]!.AsArray().Single()!.GetValue<string>().ShouldBe("artist");
        }

        // The mandatory attribute the show lacked was created in group "ayon"; the existing ayon_id (seeded with its key as
        // label and no roles) was brought to §5.7: its label and, as the settings leave its roles empty, every role.
        var listType = ftrack.QueryLocal("select id, group_id, entity_type from CustomAttributeConfiguration where key is 'ayon_list_type'").Single()!;
        listType["entity_type"]!.GetValue<string>().ShouldBe("list");
        listType["group_id"]!.GetValue<string>().ShouldBe(FtrackSeed.IdFor("cagroup:ayon"));
        var ayonId = ftrack.QueryLocal("select id, label, read_security_roles, write_security_roles from CustomAttributeConfiguration where key is 'ayon_id'").Single()!;
        ayonId["id"]!.GetValue<string>().ShouldBe(world.AyonIdConfigurationId);
        ayonId["label"]!.GetValue<string>().ShouldBe("AYON ID");
        string[] allRoles = [FtrackSeed.IdFor("role:Administrator"), FtrackSeed.IdFor("role:API"), FtrackSeed.IdFor("role:User")];
        ayonId["read_security_roles"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ShouldBe(allRoles, ignoreOrder: true);
        ayonId["write_security_roles"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ShouldBe(allRoles, ignoreOrder: true);

        // The confirmed fps went back to ftrack, so the sync keeps it.
        ftrack.GetCustomAttributeValue(world.FpsConfigurationId, world.ProjectId)!.GetValue<double>().ShouldBe(24.0);

        // Auto-sync stayed off: the action launched "Sync to AYON" as the service user; the leecher stored it and the processor ran it.
        await ServiceWorld.WaitUntilAsync(
            () => Task.FromResult(ftrack.QueryLocal("select status, data from Job").Any(j => j!["status"]!.GetValue<string>() == "done"
                && j["data"]!.GetValue<string>().Contains($"Sync to AYON: {SyncWorld.ProjectName}", StringComparison.Ordinal))),
            Deadline,
            "the sync launched by Prepare Project");
        var launch = (await world.World.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None))
            .Select(e => e.Payload)
            .Single(p => p["topic"]?.GetValue<string>() == ServerAction.LaunchTopic && p["data"]!["actionIdentifier"]!.GetValue<string>() == SyncLaunch.Identifier);
        launch["source"]!["user"]!["username"]!.GetValue<string>().ShouldBe(ftrack.ApiUser);
        (await world.DriftAsync()).ShouldBeEmpty();

        var again = await SyncActionTests.ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(
            ServerAction.LaunchTopic, SyncActionTests.Launch(PrepareProject.Action.Identifier, world.ProjectId)));
        again["success"]!.GetValue<bool>().ShouldBeTrue();
        again["message"]!.GetValue<string>().ShouldBe("Project name 'demo_show' already exists in AYON.");
    }

    /// <summary>P-05 launch step 6: a list attribute goes back to its multi-select enumerator, keeping only the values ftrack offers.</summary>
    [Fact]
    public async Task PrepareProject_ListAttribute_WrittenBackToTheMultiSelectEnumeratorFilteredToItsValues()
    {
        var (world, leecher) = await SyncActionTests.StartAsync(autoSync: false);
        await using var disposeWorld = world;
        await using var disposeLeecher = leecher;
        SyncActionTests.GrantAdministrator(world.World);
        await world.World.Ayon.SetAttributeAsync("tools", 90, ["project", "folder", "task"], new JsonObject
        {
            ["type"] = "list_of_strings", ["title"] = "Tools", ["default"] = new JsonArray("maya", "houdini"),
            ["enum"] = new JsonArray(new JsonObject { ["value"] = "maya", ["label"] = "Maya" }, new JsonObject { ["value"] = "nuke", ["label"] = "Nuke" }, new JsonObject { ["value"] = "houdini", ["label"] = "Houdini" }),
        }, CancellationToken.None);
        var tools = world.World.Ftrack.AddCustomAttribute("tools", "enumerator", isHierarchical: true,
            config: """{"data": "[{\"value\": \"maya\", \"menu\": \"Maya\"}, {\"value\": \"nuke\", \"menu\": \"Nuke\"}]", "multiSelect": true}""");
        // The legacy mapping: hierarchical ftrack attributes of group "ayon" named like an AYON attribute.
        await world.World.Ayon.SetProjectAddonSettingsAsync("ftrack", ServiceWorld.AddonVersion, "production", SyncWorld.ProjectName, new JsonObject
        {
            ["custom_attributes"] = new JsonObject { ["attributes_mapping"] = new JsonObject { ["enabled"] = false } },
        }, CancellationToken.None);
        await using var processor = await InProcessProcessor.StartAsync(world.World, []);

        var presetForm = await SyncActionTests.ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(
            ServerAction.LaunchTopic, SyncActionTests.Launch(PrepareProject.Action.Identifier, world.ProjectId)));
        var attributeForm = await SyncActionTests.ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(
            ServerAction.LaunchTopic, SyncActionTests.Launch(PrepareProject.Action.Identifier, world.ProjectId, Submit(presetForm))));
        var done = await SyncActionTests.ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(
            ServerAction.LaunchTopic, SyncActionTests.Launch(PrepareProject.Action.Identifier, world.ProjectId, Submit(attributeForm))));
        done["message"]!.GetValue<string>().ShouldBe("Project created in AYON.");

        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            (await ayon.GetProjectAsync(SyncWorld.ProjectName, CancellationToken.None)).Content!.Attrib["tools"]!.AsArray()
                .Select(v => v!.GetValue<string>()).ShouldBe(["maya", "houdini"]);
        }

        // houdini is not among the enumerator's values in ftrack: only maya is written.
        world.World.Ftrack.GetCustomAttributeValue(tools, world.ProjectId)!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["maya"]);
    }

    [Fact]
    public async Task PrepareProject_AutoSyncTurnedOn_LaunchesNothingAndTheAutoSyncToggleRunsTheSync()
    {
        var (world, leecher) = await SyncActionTests.StartAsync(autoSync: false);
        await using var disposeWorld = world;
        await using var disposeLeecher = leecher;
        SyncActionTests.GrantAdministrator(world.World);
        await using var processor = await InProcessProcessor.StartAsync(world.World, []);

        var done = await SyncActionTests.ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(
            ServerAction.LaunchTopic,
            SyncActionTests.Launch(PrepareProject.Action.Identifier, world.ProjectId, new JsonObject
            {
                ["in_attribute_set"] = true, ["anatomy_preset"] = PrepareProject.DefaultPreset, ["auto_sync_project"] = true,
            })));
        done["message"]!.GetValue<string>().ShouldBe("Project created in AYON.");

        // ftrack reports the auto_sync_enabled change (ftrack.update); the leecher stores it; the processor's toggle slice syncs.
        await ServiceWorld.WaitUntilAsync(async () => (await world.DriftAsync()).Count == 0, Deadline, "the sync started by the auto-sync toggle");
        var autoSyncConfiguration = world.World.Ftrack.QueryLocal("select id from CustomAttributeConfiguration where key is 'auto_sync_enabled'").Single()!["id"]!.GetValue<string>();
        world.World.Ftrack.GetCustomAttributeValue(autoSyncConfiguration, world.ProjectId)!.GetValue<bool>().ShouldBeTrue();
        (await world.World.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None))
            .ShouldNotContain(e => e.Payload["topic"]!.GetValue<string>() == ServerAction.LaunchTopic
                && e.Payload["data"]!["actionIdentifier"]!.GetValue<string>() == SyncLaunch.Identifier);
    }

    /// <summary>P-05 launch step 2: when the mandatory attributes cannot be ensured, the wizard stops with a report naming the attribute and creates nothing.</summary>
    [Fact]
    public async Task PrepareProject_MandatoryAttributeCannotBeEnsured_ShowsAReportNamingItAndCreatesNoProject()
    {
        var (world, leecher) = await SyncActionTests.StartAsync(autoSync: false);
        await using var disposeWorld = world;
        await using var disposeLeecher = leecher;
        SyncActionTests.GrantAdministrator(world.World);
        // ftrack without the enumerator type cannot hold ayon_list_type.
        await world.CommitAsync(s => s.Delete(FtrackEntityRef.Of("CustomAttributeType", FtrackSeed.IdFor("catype:enumerator"))));
        await using var processor = await InProcessProcessor.StartAsync(world.World, []);

        var done = await SyncActionTests.ReplyAsync(world.World, world.World.Hub.PublishAsWebClient(
            ServerAction.LaunchTopic,
            SyncActionTests.Launch(PrepareProject.Action.Identifier, world.ProjectId, new JsonObject
            {
                ["in_attribute_set"] = true, ["anatomy_preset"] = PrepareProject.DefaultPreset, ["auto_sync_project"] = false,
            })));

        done["success"]!.GetValue<bool>().ShouldBeFalse();
        done["message"]!.GetValue<string>().ShouldBe("Failed to create AYON mandatory custom attributes in ftrack (ayon_list_type).");
        var report = world.World.Hub.WebClientInbox
            .Where(e => (string?)e["topic"] == ServerAction.UserInterfaceTopic && (string?)e["data"]?["title"] == "Prepare Project report")
            .ShouldHaveSingleItem();
        report["data"]!["items"]!.ToJsonString().ShouldContain("ayon_list_type");
        var (_, ayon, _, scope) = world.Scope();
        await using (scope)
        {
            (await ayon.GetProjectsAsync(null, CancellationToken.None)).Projects.ShouldNotContain(p => p.Name == SyncWorld.ProjectName);
        }
    }
}
