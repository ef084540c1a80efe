using System.Text.Json;
using AyonFtrack.Server.CustomAttributes;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Server.Tests.CustomAttributes;

public sealed class FtrackCustomAttributesTests
{
    [Fact]
    public void Mandatory_Keys_InOriginalOrder()
    {
        FtrackCustomAttributes.Mandatory.Select(d => d.Key)
            .ShouldBe(["ayon_id", "ayon_path", "ayon_list_type", "ayon_sync_failed", "auto_sync_enabled"]);
        FtrackCustomAttributes.Mandatory.ShouldAllBe(d => d.Group == "ayon");
    }

    [Theory]
    [InlineData("ayon_id", "AYON ID", "text", true, "show", "")]
    [InlineData("ayon_path", "AYON path", "text", true, "show", "")]
    [InlineData("ayon_list_type", "AYON list type", "enumerator", false, "list", "folder")]
    [InlineData("ayon_sync_failed", "AYON sync failed", "boolean", true, "show", false)]
    [InlineData("auto_sync_enabled", "AYON auto-sync", "boolean", false, "show", false)]
    public void Mandatory_Definition_MatchesOriginal(
        string key, string label, string type, bool hierarchical, string creationEntityType, object defaultValue)
    {
        var d = FtrackCustomAttributes.FindMandatory(key)!;

        d.ShouldSatisfyAllConditions(
            () => d.Label.ShouldBe(label),
            () => d.Type.ShouldBe(type),
            () => d.IsHierarchical.ShouldBe(hierarchical),
            () => d.CreationEntityType.ShouldBe(creationEntityType),
            () => d.Default.ShouldBe(defaultValue));
    }

    [Fact]
    public void AyonListType_Config_IsSingleSelectFolderTaskVersion()
    {
        using var config = JsonDocument.Parse(FtrackCustomAttributes.AyonListType.Config!);
        var root = config.RootElement;

        root.GetProperty("multiSelect").GetBoolean().ShouldBeFalse();
        using var data = JsonDocument.Parse(root.GetProperty("data").GetString()!);
        data.RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("value").GetString(), e.GetProperty("menu").GetString()))
            .ShouldBe([("folder", "Folder"), ("task", "Task"), ("version", "version")]);
    }

    [Fact]
    public void TextAttributes_Config_DisablesMarkdown()
    {
        FtrackCustomAttributes.AyonId.CreationConfig.ShouldBe("""{"markdown": false}""");
        FtrackCustomAttributes.AyonSyncFailed.CreationConfig.ShouldBe("{}");
    }

    [Fact]
    public void RolesFor_DefaultSettings_GivesApiAndAdministratorForAutoSync()
    {
        var roles = FtrackCustomAttributes.RolesFor("auto_sync_enabled", FtrackSettings.Defaults.CustomAttributes);

        roles.WriteSecurityRoles.ShouldBe(["API", "Administrator"]);
        roles.ReadSecurityRoles.ShouldBe(["API", "Administrator"]);
        FtrackCustomAttributes.RolesFor("ayon_id", FtrackSettings.Defaults.CustomAttributes).WriteSecurityRoles.ShouldBeEmpty();
    }

    [Fact]
    public void RolesFor_UnknownKey_Throws()
    {
        Should.Throw<ArgumentException>(() => FtrackCustomAttributes.RolesFor("fps", FtrackSettings.Defaults.CustomAttributes))
            .Message.ShouldContain("'fps'");
    }
}

public sealed class CustomAttributeMappingTests
{
    private static readonly AyonAttributeInfo[] AyonAttributes =
    [
        new("fps", true), new("frameStart", true), new("frameEnd", true), new("resolutionWidth", true),
        new("studioCode", false), new("ftrackId", false),
    ];

    private static readonly FtrackAttributeConfiguration HierFps = new("h-fps", "fps", true, "show", null, "ayon");
    private static readonly FtrackAttributeConfiguration HierFrameStart = new("h-fs", "frameStart", true, "show", null, null);
    private static readonly FtrackAttributeConfiguration HierStudioCode = new("h-sc", "studioCode", true, "show", null, "openpype");
    private static readonly FtrackAttributeConfiguration HierOther = new("h-x", "ftrackId", true, "show", null, "custom");
    private static readonly FtrackAttributeConfiguration ShowFps = new("s-fps", "fps", false, "show", null, null);
    private static readonly FtrackAttributeConfiguration ShotFstart = new("t-fs", "fstart", false, "task", "shot-type", null);
    private static readonly FtrackAttributeConfiguration VersionFps = new("v-fps", "fps", false, "assetversion", null, null);

    private static readonly FtrackAttributeConfiguration[] Configurations =
        [HierFps, HierFrameStart, HierStudioCode, HierOther, ShowFps, ShotFstart, VersionFps];

    [Fact]
    public void Build_DefaultMapping_MapsStandardKeysPerEntityType()
    {
        var mapping = CustomAttributeMapping.Build(
            FtrackSettings.Defaults.CustomAttributes.AttributesMapping, Configurations, AyonAttributes);

        mapping["fps"].ShouldSatisfyAllConditions(
            m => m.IsHierarchical.ShouldBeFalse(),
            m => m.Configurations.ShouldBe([ShowFps, VersionFps]),
            m => m.ConfigurationFor("show", null).ShouldBe(ShowFps),
            m => m.ConfigurationFor("assetversion", null).ShouldBe(VersionFps),
            m => m.ConfigurationFor("task", "shot-type").ShouldBeNull());
        mapping["frameStart"].ConfigurationFor("task", "shot-type").ShouldBe(ShotFstart);
        mapping["frameStart"].ConfigurationFor("task", "other-type").ShouldBeNull();
        mapping["resolutionWidth"].HasConfigurations.ShouldBeFalse();
    }

    [Fact]
    public void Build_AyonAttributesNotInMapping_GetEmptyHierarchicalEntries()
    {
        var mapping = CustomAttributeMapping.Build(
            FtrackSettings.Defaults.CustomAttributes.AttributesMapping, Configurations, AyonAttributes);

        mapping.Keys.ShouldBe(AyonAttributes.Select(a => a.Name), ignoreOrder: true);
        mapping["studioCode"].ShouldSatisfyAllConditions(
            m => m.IsHierarchical.ShouldBeTrue(),
            m => m.HasConfigurations.ShouldBeFalse());
    }

    [Fact]
    public void Build_HierarchicalItem_TakesTheHierarchicalKey()
    {
        var settings = new AttributesMappingSettings
        {
            Mapping = [new AttributeMappingItem { Name = "fps", AttrType = "hierarchical", Hierarchical = "fps" }],
        };

        var mapping = CustomAttributeMapping.Build(settings, Configurations, AyonAttributes);

        mapping["fps"].Configurations.ShouldBe([HierFps]);
        mapping["fps"].ConfigurationFor("task", "anything").ShouldBe(HierFps);
    }

    [Fact]
    public void Build_ItemForUnknownAyonAttribute_IsSkipped()
    {
        var settings = new AttributesMappingSettings
        {
            Mapping = [new AttributeMappingItem { Name = "notAnAttribute", AttrType = "hierarchical", Hierarchical = "fps" }],
        };

        CustomAttributeMapping.Build(settings, Configurations, AyonAttributes).ContainsKey("notAnAttribute").ShouldBeFalse();
    }

    [Fact]
    public void Build_MappingDisabled_UsesBuiltinOrLegacyGroupHierarchicalAttributes()
    {
        var settings = new AttributesMappingSettings { Enabled = false, Mapping = [] };

        var mapping = CustomAttributeMapping.Build(settings, Configurations, AyonAttributes);

        mapping.ShouldSatisfyAllConditions(
            () => mapping["fps"].Configurations.ShouldBe([HierFps]),
            () => mapping["frameStart"].Configurations.ShouldBe([HierFrameStart]),
            () => mapping["studioCode"].Configurations.ShouldBe([HierStudioCode]),
            () => mapping["ftrackId"].HasConfigurations.ShouldBeFalse(),
            () => mapping["frameEnd"].HasConfigurations.ShouldBeFalse());
    }

    [Fact]
    public void FindByFtrackKey_StandardKeyOnShot_FindsAyonAttribute()
    {
        var mapping = CustomAttributeMapping.Build(
            FtrackSettings.Defaults.CustomAttributes.AttributesMapping, Configurations, AyonAttributes);

        CustomAttributeMapping.FindByFtrackKey(mapping, "task", "shot-type", "fstart")!.AyonAttributeName.ShouldBe("frameStart");
        CustomAttributeMapping.FindByFtrackKey(mapping, "show", null, "fstart").ShouldBeNull();
    }
}
