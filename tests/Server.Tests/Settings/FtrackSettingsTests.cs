using System.Text.Json;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Server.Tests.Settings;

public sealed class FtrackSettingsTests
{
    private static readonly string StudioSettingsJson =
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Settings", "Payloads", "studio-settings.json"));

    [Fact]
    public void Parse_EmptyObject_EqualsDefaults()
    {
        var settings = FtrackSettings.Parse("{}");

        settings.ToJson().ShouldBe(FtrackSettings.Defaults.ToJson());
    }

    [Fact]
    public void Equals_ParsedEmptyObject_EqualsDefaults()
    {
        var parsed = FtrackSettings.Parse("{}");

        parsed.ShouldBe(FtrackSettings.Defaults);
        parsed.GetHashCode().ShouldBe(FtrackSettings.Defaults.GetHashCode());
        FtrackSettings.Parse(StudioSettingsJson).ShouldNotBe(FtrackSettings.Defaults);
        (FtrackSettings.Defaults with { Enabled = false }).ShouldNotBe(FtrackSettings.Defaults);
    }

    [Fact]
    public void Parse_DefaultsJson_RoundTrips()
    {
        var json = FtrackSettings.Defaults.ToJson(indented: true);

        FtrackSettings.Parse(json).ToJson(indented: true).ShouldBe(json);
    }

    [Fact]
    public void Parse_StudioSettings_AppliesOverrides()
    {
        var s = FtrackSettings.Parse(StudioSettingsJson);

        s.ShouldSatisfyAllConditions(
            () => s.FtrackServer.ShouldBe("https://studio.ftrackapp.com"),
            () => s.ServiceSettings.Username.ShouldBe("ftrack_service_user"),
            () => s.ServiceSettings.ApiKey.ShouldBe("ftrack_service_key"),
            () => s.ServiceEventHandlers.SyncFromFtrack.SyncVersions.ShouldBeTrue(),
            () => s.ServiceEventHandlers.SyncFromFtrack.SyncLinkType.ShouldBe("reference|folder|folder"),
            () => s.ServiceEventHandlers.SyncFromFtrack.SyncsLinks.ShouldBeTrue(),
            () => s.ServiceEventHandlers.SyncFromFtrack.RoleList.ShouldBe(["Administrator"]),
            () => s.ServiceEventHandlers.ThumbnailUpdates.Levels.ShouldBe(3),
            () => s.ServiceEventHandlers.StatusTaskToVersion.AssetTypesFilterType.ShouldBe("deny_list"),
            () => s.ServiceEventHandlers.StatusTaskToVersion.AssetTypes.ShouldBe(["audio"]),
            () => s.ServiceEventHandlers.StatusTaskToVersion.Mapping.Single().Name.ShouldBe("Pending Review"),
            () => s.ServiceEventHandlers.StatusTaskToVersion.Mapping.Single().Value.ShouldBe(["Pending Review", "Ready for review"]),
            () => s.ServiceEventHandlers.NextTaskUpdate.Mapping.Select(m => (m.Name, m.Value))
                .ShouldBe([("Not Ready", "Ready"), ("Blocked", "Ready")]),
            () => s.ServiceEventHandlers.CreateDailyLists.Enabled.ShouldBeTrue(),
            () => s.ServiceEventHandlers.CreateDailyLists.TryGetCycleStart().ShouldBe(new TimeOnly(6, 30, 0)),
            () => s.PostLaunchHook.Enabled.ShouldBeFalse(),
            () => s.UserHandlers.JobKiller.Enabled.ShouldBeFalse(),
            () => s.UserHandlers.JobKiller.RoleList.ShouldBe(["Administrator", "Supervisor"]),
            () => s.Publish.IntegrateFtrackNote.Enabled.ShouldBeTrue(),
            () => s.Publish.IntegrateFtrackNote.NoteTemplate.ShouldBe("{comment}\n\n{published_paths}"),
            () => s.Publish.IntegrateFtrackNote.NoteLabels.ShouldBe(["Client"]),
            () => s.Publish.IntegrateFtrackInstance.KeepFirstProductNameForReview.ShouldBeFalse(),
            () => s.CustomAttributes.AttributesMapping.Mapping.Count.ShouldBe(2));
    }

    [Fact]
    public void Parse_StudioSettings_KeepsDefaultsForMissingKeys()
    {
        var s = FtrackSettings.Parse(StudioSettingsJson);
        var d = FtrackSettings.Defaults;

        s.ShouldSatisfyAllConditions(
            () => s.Enabled.ShouldBeTrue(),
            () => s.ServiceEventHandlers.PrepareProject.RoleList.ShouldBe(["Administrator", "Project manager"]),
            () => s.ServiceEventHandlers.ThumbnailUpdates.Enabled.ShouldBeTrue(),
            () => s.ServiceEventHandlers.NextTaskUpdate.Enabled.ShouldBeTrue(),
            () => s.ServiceEventHandlers.NextTaskUpdate.IgnoredStatuses.ShouldBe(["Omitted"]),
            () => s.ServiceEventHandlers.NextTaskUpdate.NameSorting.ShouldBeFalse(),
            () => s.ServiceEventHandlers.CreateDailyLists.CycleDays
                .ShouldBe(["monday", "tuesday", "wednesday", "thursday", "friday"]),
            () => s.ServiceEventHandlers.CreateDailyLists.RoleList.ShouldBe(["Administrator", "Project Manager"]),
            () => s.ServiceEventHandlers.StatusVersionToTask.AssetTypesFilterType.ShouldBe("deny_list"),
            () => s.ServiceEventHandlers.StatusTaskToParent.ToJsonString()
                .ShouldBe(d.ServiceEventHandlers.StatusTaskToParent.ToJsonString()),
            () => s.PostLaunchHook.Mapping.Select(m => m.Name).ShouldBe(["In Progress", "Ready", "__ignore__"]),
            () => s.UserHandlers.PrepareProject.CreateProjectStructureChecked.ShouldBeFalse(),
            () => s.UserHandlers.FillWorkfileAttribute.Enabled.ShouldBeFalse(),
            () => s.Publish.IntegrateFtrackInstance.ProductBaseTypeMapping.Count.ShouldBe(32),
            () => s.Publish.IntegrateFtrackInstance.AssetTypeFor("camera").ShouldBe("cam"),
            () => s.Publish.CollectFtrackFamily.Profiles.Count.ShouldBe(11),
            () => s.Publish.IntegrateFtrackNote.ToJsonString().ShouldNotBe(d.Publish.IntegrateFtrackNote.ToJsonString()),
            () => s.Publish.IntegrateFtrackDescription.ToJsonString().ShouldBe(d.Publish.IntegrateFtrackDescription.ToJsonString()),
            () => s.CustomAttributes.MandatoryAttributes.AutoSyncEnabled.WriteSecurityRoles.ShouldBe(["API", "Administrator"]),
            () => s.CustomAttributes.AttributesMapping.Enabled.ShouldBeTrue());
    }

    [Fact]
    public void Parse_ListItemsMissingKeys_GetModelDefaults()
    {
        var s = FtrackSettings.Parse(StudioSettingsJson);

        var list = s.ServiceEventHandlers.CreateDailyLists.Lists.Single();
        var attribute = list.Filters.Single().CustomAttributes.Single();
        var frameStart = s.CustomAttributes.AttributesMapping.Mapping[1];
        s.ShouldSatisfyAllConditions(
            () => list.NameTemplate.ShouldBe("{yyyy}-{mm}-{dd} client"),
            () => list.Category.ShouldBe("Clients"),
            () => list.CycleEnabled.ShouldBeFalse(),
            () => attribute.AttrName.ShouldBe("send_to_client"),
            () => attribute.BoolValue.ShouldBeTrue(),
            () => attribute.StrValue.ShouldBe(""),
            () => attribute.IntValue.ShouldBe(0),
            () => attribute.EnumValue.ShouldBeEmpty(),
            () => frameStart.Name.ShouldBe("frameStart"),
            () => frameStart.AttrType.ShouldBe("hierarchical"),
            () => frameStart.IsHierarchical.ShouldBeTrue(),
            () => frameStart.Hierarchical.ShouldBe(""),
            () => frameStart.Standard.ShouldBe(["fstart"]));
    }

    [Fact]
    public void Parse_UnknownKeysEverywhere_AreIgnored()
    {
        const string json = """
            {
              "future_root_key": {"x": 1},
              "service_event_handlers": {
                "thumbnail_updates": {"levels": 2, "future_flag": "yes"},
                "brand_new_handler": {"enabled": false}
              },
              "post_launch_hook": {"mapping": [{"name": "A", "value": ["B"], "future_item_key": 5}]}
            }
            """;

        var s = FtrackSettings.Parse(json);

        s.ShouldSatisfyAllConditions(
            () => s.ServiceEventHandlers.ThumbnailUpdates.Levels.ShouldBe(2),
            () => s.PostLaunchHook.Mapping.Single().Name.ShouldBe("A"),
            () => s.ToJson().ShouldNotContain("future"),
            () => s.ToJson().ShouldNotContain("brand_new_handler"));
    }

    [Theory]
    [InlineData("""{"enabled": "yes"}""", "enabled", "expected a boolean, got a string")]
    [InlineData("""{"ftrack_server": 12}""", "ftrack_server", "expected a string, got a number")]
    [InlineData("""{"service_settings": "secret"}""", "service_settings", "expected an object, got a string")]
    [InlineData("""{"service_event_handlers": {"thumbnail_updates": {"levels": "2"}}}""",
        "service_event_handlers.thumbnail_updates.levels", "expected a number, got a string")]
    [InlineData("""{"service_event_handlers": {"thumbnail_updates": {"levels": 1.5}}}""",
        "service_event_handlers.thumbnail_updates.levels", "expected an integer")]
    [InlineData("""{"service_event_handlers": {"prepare_project": {"role_list": "Administrator"}}}""",
        "service_event_handlers.prepare_project.role_list", "expected a list, got a string")]
    [InlineData("""{"service_event_handlers": {"prepare_project": {"enabled": null}}}""",
        "service_event_handlers.prepare_project.enabled", "expected a boolean, got null")]
    [InlineData("""{"user_handlers": {"job_killer": {"role_list": ["Administrator", 3]}}}""",
        "user_handlers.job_killer.role_list[1]", "expected a string")]
    [InlineData("""{"user_handlers": {"job_killer": {"role_list": ["Administrator", null]}}}""",
        "user_handlers.job_killer.role_list[1]", "must not be null")]
    [InlineData("""{"publish": {"CollectFtrackFamily": {"profiles": [{"host_names": "maya"}]}}}""",
        "publish.CollectFtrackFamily.profiles[0].host_names", "expected a list")]
    [InlineData("""{"post_launch_hook": {"mapping": [{"name": null, "value": []}]}}""",
        "post_launch_hook.mapping[0].name", "got null")]
    [InlineData("""{"service_event_handlers": {"next_task_update": {"mapping": [{"name": "Not Ready"}]}}}""",
        "service_event_handlers.next_task_update.mapping[0]", "missing required key")]
    [InlineData("""{"service_event_handlers": {"status_task_to_parent": {"parent_status_by_task_status": [{"task_statuses": []}]}}}""",
        "service_event_handlers.status_task_to_parent.parent_status_by_task_status[0]", "new_status")]
    public void Parse_WrongType_ThrowsNamingKeyPath(string json, string keyPath, string reason)
    {
        var ex = Should.Throw<FtrackSettingsException>(() => FtrackSettings.Parse(json));

        ex.ShouldSatisfyAllConditions(
            () => ex.KeyPath.ShouldBe(keyPath),
            () => ex.Message.ShouldContain($"'{keyPath}'"),
            () => ex.Message.ShouldContain(reason));
    }

    [Theory]
    [InlineData("[]", "got a list")]
    [InlineData("null", "got null")]
    [InlineData("\"text\"", "got a string")]
    public void Parse_RootNotAnObject_Throws(string json, string reason)
    {
        var ex = Should.Throw<FtrackSettingsException>(() => FtrackSettings.Parse(json));

        ex.KeyPath.ShouldBe("");
        ex.Message.ShouldContain("must be a JSON object");
        ex.Message.ShouldContain(reason);
    }

    [Fact]
    public void Parse_MalformedJson_ThrowsNotValidJson()
    {
        var ex = Should.Throw<FtrackSettingsException>(() => FtrackSettings.Parse("""{"enabled": tru"""));

        ex.Message.ShouldContain("not valid JSON");
        ex.InnerException.ShouldBeAssignableTo<JsonException>();
    }

    [Fact]
    public void Parse_WrongTypeOfSecretField_DoesNotEchoOtherValues()
    {
        const string json = """{"service_settings": {"username": "user", "api_key": 123456789}}""";

        var ex = Should.Throw<FtrackSettingsException>(() => FtrackSettings.Parse(json));

        ex.KeyPath.ShouldBe("service_settings.api_key");
        ex.Message.ShouldNotContain("123456789");
    }

    [Fact]
    public void Parse_JsonElement_SameAsString()
    {
        using var document = JsonDocument.Parse(StudioSettingsJson);

        FtrackSettings.Parse(document.RootElement).ToJson()
            .ShouldBe(FtrackSettings.Parse(StudioSettingsJson).ToJson());
    }

    [Fact]
    public void Parse_LegacyKeys_AreUpgraded()
    {
        const string json = """
            {
              "service_event_handlers": {"status_version_to_task": {"asset_types_to_skip": ["audio"]}},
              "publish": {
                "IntegrateFtrackFarmStatus": {"farm_status_profiles": [
                  {"hosts": ["nuke"], "families": ["render"], "subset_names": ["renderMain"], "status_name": "Farm"}
                ]},
                "IntegrateFtrackInstance": {"product_type_mapping": [{"name": "plate", "asset_type": "img"}]}
              }
            }
            """;

        var s = FtrackSettings.Parse(json);

        var profile = s.Publish.IntegrateFtrackFarmStatus.FarmStatusProfiles.Single();
        s.ShouldSatisfyAllConditions(
            () => s.ServiceEventHandlers.StatusVersionToTask.AssetTypes.ShouldBe(["audio"]),
            () => s.ServiceEventHandlers.StatusVersionToTask.AssetTypesFilterType.ShouldBe("deny_list"),
            () => profile.HostNames.ShouldBe(["nuke"]),
            () => profile.ProductBaseTypes.ShouldBe(["render"]),
            () => profile.ProductNames.ShouldBe(["renderMain"]),
            () => profile.StatusName.ShouldBe("Farm"),
            () => s.Publish.IntegrateFtrackInstance.ProductBaseTypeMapping.Single().AssetType.ShouldBe("img"));
    }

    [Fact]
    public void ToString_WithApiKey_HidesIt()
    {
        var s = FtrackSettings.Parse(StudioSettingsJson);

        var text = s.ToString();

        text.ShouldNotContain("ftrack_service_key");
        text.ShouldContain("ApiKey = <hidden>");
        s.ServiceSettings.ToString().ShouldNotContain("ftrack_service_key");
    }

    [Fact]
    public void ToString_EmptyApiKey_SaysEmpty()
    {
        FtrackSettings.Defaults.ServiceSettings.ToString().ShouldContain("ApiKey = <empty>");
    }

    [Fact]
    public void ToJson_Defaults_UsesOriginalKeyOrder()
    {
        var keys = FtrackSettings.Defaults.ToJsonObject().Select(p => p.Key);

        keys.ShouldBe([
            "enabled", "ftrack_server", "service_settings", "service_event_handlers", "post_launch_hook",
            "user_handlers", "publish", "custom_attributes",
        ]);
    }
}

internal static class SettingsJsonExtensions
{
    public static string ToJsonString<T>(this T value) => JsonSerializer.Serialize(value);
}
