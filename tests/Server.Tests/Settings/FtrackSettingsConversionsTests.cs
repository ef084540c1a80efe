using System.Text.Json.Nodes;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Server.Tests.Settings;

public sealed class FtrackSettingsConversionsTests
{
    [Theory]
    [InlineData("1.3.2", true)]
    [InlineData("0.2.2", true)]
    [InlineData("1.4.0-rc.1", true)]
    [InlineData("1.4.0", false)]
    [InlineData("1.4.0+dev", false)]
    [InlineData("1.6.4+dev", false)]
    [InlineData("2.0.0", false)]
    public void IsBefore_1_4_0_ComparesSemanticVersions(string version, bool before)
    {
        FtrackSettingsConversions.IsBefore(version, FtrackSettingsConversions.AttributesMappingVersion).ShouldBe(before);
    }

    [Theory]
    [InlineData("1.4")]
    [InlineData("v1.4.0")]
    [InlineData("1.4.x")]
    [InlineData("")]
    public void IsBefore_NotSemver_Throws(string version)
    {
        Should.Throw<ArgumentException>(() => FtrackSettingsConversions.IsBefore(version, new Version(1, 4, 0)))
            .Message.ShouldContain("not a semantic version");
    }

    [Fact]
    public void ConvertOverrides_Before1_4_0_AddsDisabledHierarchicalMapping()
    {
        var overrides = new JsonObject();

        var changes = FtrackSettingsConversions.ConvertOverrides("1.3.2", overrides);

        var mapping = overrides["custom_attributes"]!["attributes_mapping"]!;
        mapping["enabled"]!.GetValue<bool>().ShouldBeFalse();
        var items = mapping["mapping"]!.AsArray();
        items.Count.ShouldBe(10);
        items.Select(i => i!["attr_type"]!.GetValue<string>()).ShouldAllBe(t => t == "hierarchical");
        items[3]!.ToJsonString().ShouldBe("""{"name":"fps","attr_type":"hierarchical","hierarchical":"fps","standard":["fps"]}""");
        changes.ShouldContain("custom_attributes.attributes_mapping");

        var settings = FtrackSettings.Parse(overrides.ToJsonString());
        settings.CustomAttributes.AttributesMapping.Enabled.ShouldBeFalse();
        settings.CustomAttributes.AttributesMapping.Mapping.ShouldAllBe(m => m.IsHierarchical);
    }

    [Fact]
    public void ConvertOverrides_From1_4_0_LeavesMappingAlone()
    {
        var overrides = new JsonObject();

        FtrackSettingsConversions.ConvertOverrides("1.4.0", overrides).ShouldBeEmpty();

        overrides.Count.ShouldBe(0);
    }

    [Fact]
    public void UpgradeLegacyKeys_FarmProfiles_RenamesToCurrentKeys()
    {
        var settings = JsonNode.Parse("""
            {"publish": {"IntegrateFtrackFarmStatus": {"farm_status_profiles": [
              {"hosts": ["celaction"], "families": ["render"], "subset_names": ["renderMain"], "status_name": "Render"}
            ]}}}
            """)!.AsObject();

        FtrackSettingsConversions.UpgradeLegacyKeys(settings);

        settings["publish"]!["IntegrateFtrackFarmStatus"]!["farm_status_profiles"]![0]!.ToJsonString().ShouldBe(
            """{"status_name":"Render","host_names":["celaction"],"product_names":["renderMain"],"product_base_types":["render"]}""");
    }

    [Fact]
    public void UpgradeLegacyKeys_ProductTypes_RenamedInEveryProfileList()
    {
        var settings = JsonNode.Parse("""
            {"publish": {
              "CollectFtrackFamily": {"profiles": [{"product_types": ["model"]}, {"product_types": ["rig"]}]},
              "IntegrateFtrackInstance": {
                "asset_versions_status_profiles": [{"product_types": ["render"], "status": "Pending"}],
                "product_type_mapping": [{"name": "model", "asset_type": "geo"}]
              }
            }}
            """)!.AsObject();

        var changes = FtrackSettingsConversions.UpgradeLegacyKeys(settings);

        var s = FtrackSettings.Parse(settings.ToJsonString());
        s.ShouldSatisfyAllConditions(
            () => s.Publish.CollectFtrackFamily.Profiles.Select(p => p.ProductBaseTypes.Single()).ShouldBe(["model", "rig"]),
            () => s.Publish.IntegrateFtrackInstance.AssetVersionsStatusProfiles.Single().ProductBaseTypes.ShouldBe(["render"]),
            () => s.Publish.IntegrateFtrackInstance.ProductBaseTypeMapping.Single().AssetType.ShouldBe("geo"),
            () => changes.Count.ShouldBe(4));
    }

    [Fact]
    public void UpgradeLegacyKeys_BothOldAndNewKey_NewWins()
    {
        var settings = JsonNode.Parse("""
            {"publish": {"CollectFtrackFamily": {"profiles": [{"product_types": ["old"], "product_base_types": ["new"]}]}}}
            """)!.AsObject();

        FtrackSettingsConversions.UpgradeLegacyKeys(settings);

        settings["publish"]!["CollectFtrackFamily"]!["profiles"]![0]!.ToJsonString().ShouldBe("""{"product_base_types":["new"]}""");
    }

    [Theory]
    [InlineData("status_task_to_version", "asset_types_filter", "allow_list")]
    [InlineData("status_version_to_task", "asset_types_to_skip", "deny_list")]
    public void UpgradeLegacyKeys_AssetTypeFilters_BecomeAssetTypesWithFilterType(string handler, string oldKey, string filterType)
    {
        var settings = new JsonObject
        {
            ["service_event_handlers"] = new JsonObject { [handler] = new JsonObject { [oldKey] = new JsonArray("audio", "plate") } },
        };

        FtrackSettingsConversions.UpgradeLegacyKeys(settings);

        settings["service_event_handlers"]![handler]!.ToJsonString()
            .ShouldBe($$"""{"asset_types":["audio","plate"],"asset_types_filter_type":"{{filterType}}"}""");
    }

    [Fact]
    public void UpgradeLegacyKeys_CustomAttributeRoles_MoveUnderMandatoryAttributes()
    {
        var settings = JsonNode.Parse("""
            {"custom_attributes": {
              "show": {"auto_sync_enabled": {"write_security_roles": ["API"], "read_security_roles": ["API", "Administrator"], "label": "x"}},
              "is_hierarchical": {
                "ayon_id": {"write_security_roles": ["API"]},
                "fps": {"write_security_roles": ["Administrator"]}
              }
            }}
            """)!.AsObject();

        FtrackSettingsConversions.UpgradeLegacyKeys(settings);

        var customAttributes = settings["custom_attributes"]!.AsObject();
        customAttributes.ContainsKey("show").ShouldBeFalse();
        customAttributes.ContainsKey("is_hierarchical").ShouldBeFalse();
        customAttributes["mandatory_attributes"]!.ToJsonString().ShouldBe(
            """{"auto_sync_enabled":{"write_security_roles":["API"],"read_security_roles":["API","Administrator"]},"ayon_id":{"write_security_roles":["API"]}}""");
        settings.ContainsKey("mandatory_attributes").ShouldBeFalse();

        var s = FtrackSettings.Parse(settings.ToJsonString());
        s.CustomAttributes.MandatoryAttributes.AyonId.WriteSecurityRoles.ShouldBe(["API"]);
        s.CustomAttributes.MandatoryAttributes.AyonId.ReadSecurityRoles.ShouldBeEmpty();
        s.CustomAttributes.MandatoryAttributes.AutoSyncEnabled.ReadSecurityRoles.ShouldBe(["API", "Administrator"]);
    }

    [Fact]
    public void UpgradeLegacyKeys_CurrentShape_ChangesNothing()
    {
        var settings = FtrackSettings.Defaults.ToJsonObject();
        var before = settings.ToJsonString();

        FtrackSettingsConversions.UpgradeLegacyKeys(settings).ShouldBeEmpty();

        settings.ToJsonString().ShouldBe(before);
    }
}
