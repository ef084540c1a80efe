using AyonFtrack.Server.Settings;

namespace AyonFtrack.Server.CustomAttributes;

/// <summary>
/// The ftrack custom attributes of the addon (original <c>common/custom_attributes.py</c> and
/// <c>custom_attributes.json</c>): the mandatory ones, ensured in group <c>ayon</c> with roles from settings. The default
/// hierarchical number attributes are the desktop action's (src/Features/Desktop/Defaults, read from the original's file).
/// Config strings are written as the original serialises them, so a comparison with ftrack's stored text
/// sees no change when nothing changed.
/// </summary>
public static class FtrackCustomAttributes
{
    public static FtrackCustomAttributeDefinition AyonId { get; } = new(
        FtrackCustomAttributeKeys.AyonId, "AYON ID", FtrackCustomAttributeTypes.Text, IsHierarchical: true,
        EntityType: null, Default: "", Config: """{"markdown": false}""", FtrackCustomAttributeKeys.Group);

    public static FtrackCustomAttributeDefinition AyonPath { get; } = new(
        FtrackCustomAttributeKeys.AyonPath, "AYON path", FtrackCustomAttributeTypes.Text, IsHierarchical: true,
        EntityType: null, Default: "", Config: """{"markdown": false}""", FtrackCustomAttributeKeys.Group);

    public static FtrackCustomAttributeDefinition AyonListType { get; } = new(
        FtrackCustomAttributeKeys.AyonListType, "AYON list type", FtrackCustomAttributeTypes.Enumerator,
        IsHierarchical: false, FtrackEntityTypes.List, Default: AyonListTypes.Folder,
        Config: """{"data": "[{\"value\": \"folder\", \"menu\": \"Folder\"}, {\"value\": \"task\", \"menu\": \"Task\"}, {\"value\": \"version\", \"menu\": \"version\"}]", "multiSelect": false}""",
        FtrackCustomAttributeKeys.Group);

    public static FtrackCustomAttributeDefinition AyonSyncFailed { get; } = new(
        FtrackCustomAttributeKeys.AyonSyncFailed, "AYON sync failed", FtrackCustomAttributeTypes.Boolean,
        IsHierarchical: true, EntityType: null, Default: false, Config: null, FtrackCustomAttributeKeys.Group);

    public static FtrackCustomAttributeDefinition AutoSyncEnabled { get; } = new(
        FtrackCustomAttributeKeys.AutoSyncEnabled, "AYON auto-sync", FtrackCustomAttributeTypes.Boolean,
        IsHierarchical: false, FtrackEntityTypes.Show, Default: false, Config: null, FtrackCustomAttributeKeys.Group);

    /// <summary>The mandatory attributes in the order the original ensures them.</summary>
    public static IReadOnlyList<FtrackCustomAttributeDefinition> Mandatory { get; } =
        [AyonId, AyonPath, AyonListType, AyonSyncFailed, AutoSyncEnabled];

    /// <summary>A mandatory attribute by key, or null.</summary>
    public static FtrackCustomAttributeDefinition? FindMandatory(string key) =>
        Mandatory.FirstOrDefault(d => string.Equals(d.Key, key, StringComparison.Ordinal));

    /// <summary>
    /// The read and write role names settings give a mandatory attribute. An empty list means every role,
    /// as in the original; role names match ftrack roles case-insensitively.
    /// </summary>
    /// <exception cref="ArgumentException">The key is not a mandatory attribute.</exception>
    public static CustomAttributeRoles RolesFor(string key, CustomAttributesSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.MandatoryAttributes.ForKey(key)
            ?? throw new ArgumentException($"'{key}' is not a mandatory ftrack custom attribute.", nameof(key));
    }
}
