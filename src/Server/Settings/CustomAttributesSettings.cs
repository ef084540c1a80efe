using System.Text.Json.Serialization;
using AyonFtrack.Server.Settings.Ui;

namespace AyonFtrack.Server.Settings;

/// <summary><c>custom_attributes</c> (studio scope): roles of the mandatory ftrack attributes and the attribute mapping.</summary>
public sealed record CustomAttributesSettings
{
    [Setting("Mandatory custom attributes", Description = "Read and write roles of the custom attributes AYON needs in ftrack.")]
    [JsonPropertyName("mandatory_attributes")]
    public MandatoryAttributesSettings MandatoryAttributes { get; init; } = new();

    [Setting("Attributes mapping", Description = "Which ftrack custom attributes hold each AYON attribute.")]
    [JsonPropertyName("attributes_mapping")]
    public AttributesMappingSettings AttributesMapping { get; init; } = new();
}

/// <summary>Read and write roles of each mandatory ftrack custom attribute; keys are the attribute keys.</summary>
public sealed record MandatoryAttributesSettings
{
    [Setting("AYON ID")]
    [JsonPropertyName("ayon_id")]
    public CustomAttributeRoles AyonId { get; init; } = new();

    [Setting("AYON path")]
    [JsonPropertyName("ayon_path")]
    public CustomAttributeRoles AyonPath { get; init; } = new();

    [Setting("AYON list type")]
    [JsonPropertyName("ayon_list_type")]
    public CustomAttributeRoles AyonListType { get; init; } = new();

    [Setting("AYON sync failed")]
    [JsonPropertyName("ayon_sync_failed")]
    public CustomAttributeRoles AyonSyncFailed { get; init; } = new();

    [Setting("AYON auto-sync")]
    [JsonPropertyName("auto_sync_enabled")]
    public CustomAttributeRoles AutoSyncEnabled { get; init; } = new();

    /// <summary>The roles for a mandatory attribute key (<c>ayon_id</c>, ...), or null for any other key.</summary>
    public CustomAttributeRoles? ForKey(string key) => key switch
    {
        "ayon_id" => AyonId,
        "ayon_path" => AyonPath,
        "ayon_list_type" => AyonListType,
        "ayon_sync_failed" => AyonSyncFailed,
        "auto_sync_enabled" => AutoSyncEnabled,
        _ => null,
    };
}

/// <summary>ftrack security role names; an empty list means every role.</summary>
public sealed record CustomAttributeRoles
{
    [Setting("Write roles")]
    [JsonPropertyName("write_security_roles")]
    public IReadOnlyList<string> WriteSecurityRoles { get; init; } = [];

    [Setting("Read roles")]
    [JsonPropertyName("read_security_roles")]
    public IReadOnlyList<string> ReadSecurityRoles { get; init; } = [];
}

/// <summary>
/// <c>attributes_mapping</c>: when enabled, each item maps an AYON attribute to ftrack custom attributes; when
/// disabled, the legacy rule applies (hierarchical ftrack attributes named like AYON attributes).
/// </summary>
public sealed record AttributesMappingSettings
{
    [Setting(Description = "Use the attribute mapping below; when off, hierarchical ftrack attributes named like the AYON attributes are used.")]
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [Setting("Attributes mapping", Description = "AYON attributes and the ftrack custom attributes that hold them.")]
    [JsonPropertyName("mapping")]
    public IReadOnlyList<AttributeMappingItem> Mapping { get; init; } = [];
}

/// <summary>
/// A mapping item: AYON attribute <see cref="Name"/> to one hierarchical ftrack key
/// (<see cref="AttrType"/> = <c>hierarchical</c>) or to non-hierarchical keys (<c>standard</c>).
/// </summary>
public sealed record AttributeMappingItem
{
    [Setting("AYON attribute")]
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary><see cref="SettingsValues.Hierarchical"/> (model default) or <see cref="SettingsValues.Standard"/>.</summary>
    [Setting("Attribute type", EnumResolver = SettingsEnums.AttributeTypes, ConditionalEnum = true)]
    [JsonPropertyName("attr_type")]
    public string AttrType { get; init; } = SettingsValues.Hierarchical;

    [Setting("ftrack attribute name")]
    [JsonPropertyName("hierarchical")]
    public string Hierarchical { get; init; } = "";

    [Setting("ftrack attribute names")]
    [JsonPropertyName("standard")]
    public IReadOnlyList<string> Standard { get; init; } = [];

    /// <summary>True when the item maps to a hierarchical ftrack attribute.</summary>
    [JsonIgnore]
    public bool IsHierarchical => string.Equals(AttrType, SettingsValues.Hierarchical, StringComparison.Ordinal);
}
