using System.Text.Json.Serialization;

namespace AyonFtrack.Server.Settings;

/// <summary><c>custom_attributes</c> (studio scope): roles of the mandatory ftrack attributes and the attribute mapping.</summary>
public sealed record CustomAttributesSettings
{
    [JsonPropertyName("mandatory_attributes")]
    public MandatoryAttributesSettings MandatoryAttributes { get; init; } = new();

    [JsonPropertyName("attributes_mapping")]
    public AttributesMappingSettings AttributesMapping { get; init; } = new();
}

/// <summary>Read and write roles of each mandatory ftrack custom attribute; keys are the attribute keys.</summary>
public sealed record MandatoryAttributesSettings
{
    [JsonPropertyName("ayon_id")]
    public CustomAttributeRoles AyonId { get; init; } = new();

    [JsonPropertyName("ayon_path")]
    public CustomAttributeRoles AyonPath { get; init; } = new();

    [JsonPropertyName("ayon_list_type")]
    public CustomAttributeRoles AyonListType { get; init; } = new();

    [JsonPropertyName("ayon_sync_failed")]
    public CustomAttributeRoles AyonSyncFailed { get; init; } = new();

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
    [JsonPropertyName("write_security_roles")]
    public IReadOnlyList<string> WriteSecurityRoles { get; init; } = [];

    [JsonPropertyName("read_security_roles")]
    public IReadOnlyList<string> ReadSecurityRoles { get; init; } = [];
}

/// <summary>
/// <c>attributes_mapping</c>: when enabled, each item maps an AYON attribute to ftrack custom attributes; when
/// disabled, the legacy rule applies (hierarchical ftrack attributes named like AYON attributes).
/// </summary>
public sealed record AttributesMappingSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [JsonPropertyName("mapping")]
    public IReadOnlyList<AttributeMappingItem> Mapping { get; init; } = [];
}

/// <summary>
/// A mapping item: AYON attribute <see cref="Name"/> to one hierarchical ftrack key
/// (<see cref="AttrType"/> = <c>hierarchical</c>) or to non-hierarchical keys (<c>standard</c>).
/// </summary>
public sealed record AttributeMappingItem
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary><see cref="SettingsValues.Hierarchical"/> (model default) or <see cref="SettingsValues.Standard"/>.</summary>
    [JsonPropertyName("attr_type")]
    public string AttrType { get; init; } = SettingsValues.Hierarchical;

    [JsonPropertyName("hierarchical")]
    public string Hierarchical { get; init; } = "";

    [JsonPropertyName("standard")]
    public IReadOnlyList<string> Standard { get; init; } = [];

    /// <summary>True when the item maps to a hierarchical ftrack attribute.</summary>
    [JsonIgnore]
    public bool IsHierarchical => string.Equals(AttrType, SettingsValues.Hierarchical, StringComparison.Ordinal);
}
