using System.Text.Json;
using System.Text.Json.Serialization;

namespace AyonFtrack.Server.Settings;

/// <summary>
/// <c>publish</c>: the publish plugins' settings (original <c>server/settings/publish_plugins.py</c>). The keys
/// are the plugin class names, as the original stores them.
/// </summary>
public sealed record PublishSettings
{
    [JsonPropertyName("CollectFtrackFamily")]
    public CollectFtrackFamilySettings CollectFtrackFamily { get; init; } = new();

    [JsonPropertyName("CollectFtrackCustomAttributeData")]
    public CollectFtrackCustomAttributeDataSettings CollectFtrackCustomAttributeData { get; init; } = new();

    [JsonPropertyName("ValidateFtrackAttributes")]
    public ValidateFtrackAttributesSettings ValidateFtrackAttributes { get; init; } = new();

    [JsonPropertyName("IntegrateHierarchyToFtrack")]
    public IntegrateHierarchyToFtrackSettings IntegrateHierarchyToFtrack { get; init; } = new();

    [JsonPropertyName("IntegrateFtrackDescription")]
    public IntegrateFtrackDescriptionSettings IntegrateFtrackDescription { get; init; } = new();

    [JsonPropertyName("IntegrateFtrackNote")]
    public IntegrateFtrackNoteSettings IntegrateFtrackNote { get; init; } = new();

    [JsonPropertyName("IntegrateFtrackComponentOverwrite")]
    public EnabledOnly IntegrateFtrackComponentOverwrite { get; init; } = new();

    [JsonPropertyName("IntegrateFtrackInstance")]
    public IntegrateFtrackInstanceSettings IntegrateFtrackInstance { get; init; } = new();

    [JsonPropertyName("IntegrateFtrackFarmStatus")]
    public IntegrateFtrackFarmStatusSettings IntegrateFtrackFarmStatus { get; init; } = new();

    [JsonPropertyName("ftrack_task_status_local_publish")]
    public TaskStatusProfilesSettings FtrackTaskStatusLocalPublish { get; init; } = new();

    [JsonPropertyName("ftrack_task_status_on_farm_publish")]
    public TaskStatusProfilesSettings FtrackTaskStatusOnFarmPublish { get; init; } = new();

    [JsonPropertyName("IntegrateFtrackTaskStatus")]
    public IntegrateFtrackTaskStatusSettings IntegrateFtrackTaskStatus { get; init; } = new();
}

/// <summary>A plugin section holding only <c>enabled</c>.</summary>
public sealed record EnabledOnly
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;
}

/// <summary><c>CollectFtrackFamily</c>: which instances get the ftrack family.</summary>
public sealed record CollectFtrackFamilySettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [JsonPropertyName("profiles")]
    public IReadOnlyList<CollectFamilyProfile> Profiles { get; init; } = [];
}

/// <summary>A profile of <c>CollectFtrackFamily</c>.</summary>
public sealed record CollectFamilyProfile
{
    [JsonPropertyName("host_names")]
    public IReadOnlyList<string> HostNames { get; init; } = [];

    [JsonPropertyName("product_base_types")]
    public IReadOnlyList<string> ProductBaseTypes { get; init; } = [];

    [JsonPropertyName("task_types")]
    public IReadOnlyList<string> TaskTypes { get; init; } = [];

    [JsonPropertyName("task_names")]
    public IReadOnlyList<string> TaskNames { get; init; } = [];

    [JsonPropertyName("add_ftrack_family")]
    public bool AddFtrackFamily { get; init; } = true;

    [JsonPropertyName("advanced_filtering")]
    public IReadOnlyList<AdvancedFamilyFilter> AdvancedFiltering { get; init; } = [];
}

/// <summary>An <c>advanced_filtering</c> item: add the ftrack family when these families are present.</summary>
public sealed record AdvancedFamilyFilter
{
    [JsonPropertyName("families")]
    public IReadOnlyList<string> Families { get; init; } = [];

    [JsonPropertyName("add_ftrack_family")]
    public bool AddFtrackFamily { get; init; } = true;
}

/// <summary><c>CollectFtrackCustomAttributeData</c>.</summary>
public sealed record CollectFtrackCustomAttributeDataSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [JsonPropertyName("custom_attribute_keys")]
    public IReadOnlyList<string> CustomAttributeKeys { get; init; } = [];
}

/// <summary><c>ValidateFtrackAttributes</c>: <c>ftrack_custom_attributes</c> is a JSON object held as text.</summary>
public sealed record ValidateFtrackAttributesSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [JsonPropertyName("ftrack_custom_attributes")]
    public string FtrackCustomAttributes { get; init; } = "{}";

    /// <summary>True when <see cref="FtrackCustomAttributes"/> parses to a JSON object (the original's rule).</summary>
    public bool HasValidCustomAttributesJson()
    {
        try
        {
            using var document = JsonDocument.Parse(FtrackCustomAttributes);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary><c>IntegrateHierarchyToFtrack</c>: status of newly created tasks.</summary>
public sealed record IntegrateHierarchyToFtrackSettings
{
    [JsonPropertyName("create_task_status_profiles")]
    public IReadOnlyList<CreateTaskStatusProfile> CreateTaskStatusProfiles { get; init; } = [];
}

/// <summary>A profile of <c>create_task_status_profiles</c>.</summary>
public sealed record CreateTaskStatusProfile
{
    [JsonPropertyName("task_types")]
    public IReadOnlyList<string> TaskTypes { get; init; } = [];

    [JsonPropertyName("task_names")]
    public IReadOnlyList<string> TaskNames { get; init; } = [];

    [JsonPropertyName("status_name")]
    public string StatusName { get; init; } = "";
}

/// <summary><c>IntegrateFtrackDescription</c>.</summary>
public sealed record IntegrateFtrackDescriptionSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [JsonPropertyName("optional")]
    public bool Optional { get; init; }

    [JsonPropertyName("active")]
    public bool Active { get; init; } = true;

    [JsonPropertyName("description_template")]
    public string DescriptionTemplate { get; init; } = "";
}

/// <summary><c>IntegrateFtrackNote</c>.</summary>
public sealed record IntegrateFtrackNoteSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [JsonPropertyName("note_template")]
    public string NoteTemplate { get; init; } = "";

    [JsonPropertyName("note_labels")]
    public IReadOnlyList<string> NoteLabels { get; init; } = [];
}

/// <summary><c>IntegrateFtrackInstance</c>.</summary>
public sealed record IntegrateFtrackInstanceSettings
{
    /// <summary>Product base type (name) → ftrack asset type short name (asset_type).</summary>
    [JsonPropertyName("product_base_type_mapping")]
    public IReadOnlyList<ProductBaseTypeMapping> ProductBaseTypeMapping { get; init; } = [];

    [JsonPropertyName("keep_first_product_name_for_review")]
    public bool KeepFirstProductNameForReview { get; init; } = true;

    [JsonPropertyName("asset_versions_status_profiles")]
    public IReadOnlyList<AssetVersionStatusProfile> AssetVersionsStatusProfiles { get; init; } = [];

    /// <summary>Items of <see cref="SettingsValues.AdditionalMetadataKeys"/>.</summary>
    [JsonPropertyName("additional_metadata_keys")]
    public IReadOnlyList<string> AdditionalMetadataKeys { get; init; } = [];

    /// <summary>The ftrack asset type for a product base type (exact name), or null when not mapped.</summary>
    public string? AssetTypeFor(string productBaseType) =>
        ProductBaseTypeMapping.FirstOrDefault(m => string.Equals(m.Name, productBaseType, StringComparison.Ordinal))
            ?.AssetType;
}

/// <summary>An item of <c>product_base_type_mapping</c>.</summary>
public sealed record ProductBaseTypeMapping
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("asset_type")]
    public string AssetType { get; init; } = "";
}

/// <summary>An item of <c>asset_versions_status_profiles</c>.</summary>
public sealed record AssetVersionStatusProfile
{
    [JsonPropertyName("host_names")]
    public IReadOnlyList<string> HostNames { get; init; } = [];

    [JsonPropertyName("product_base_types")]
    public IReadOnlyList<string> ProductBaseTypes { get; init; } = [];

    [JsonPropertyName("task_types")]
    public IReadOnlyList<string> TaskTypes { get; init; } = [];

    [JsonPropertyName("status")]
    public string Status { get; init; } = "";
}

/// <summary><c>IntegrateFtrackFarmStatus</c>.</summary>
public sealed record IntegrateFtrackFarmStatusSettings
{
    [JsonPropertyName("farm_status_profiles")]
    public IReadOnlyList<TaskStatusProfile> FarmStatusProfiles { get; init; } = [];
}

/// <summary><c>ftrack_task_status_local_publish</c> and <c>ftrack_task_status_on_farm_publish</c>.</summary>
public sealed record TaskStatusProfilesSettings
{
    [JsonPropertyName("status_profiles")]
    public IReadOnlyList<TaskStatusProfile> StatusProfiles { get; init; } = [];
}

/// <summary>A task status profile (farm and local publish).</summary>
public sealed record TaskStatusProfile
{
    [JsonPropertyName("host_names")]
    public IReadOnlyList<string> HostNames { get; init; } = [];

    [JsonPropertyName("task_types")]
    public IReadOnlyList<string> TaskTypes { get; init; } = [];

    [JsonPropertyName("task_names")]
    public IReadOnlyList<string> TaskNames { get; init; } = [];

    [JsonPropertyName("product_base_types")]
    public IReadOnlyList<string> ProductBaseTypes { get; init; } = [];

    [JsonPropertyName("product_names")]
    public IReadOnlyList<string> ProductNames { get; init; } = [];

    [JsonPropertyName("status_name")]
    public string StatusName { get; init; } = "";
}

/// <summary><c>IntegrateFtrackTaskStatus</c>.</summary>
public sealed record IntegrateFtrackTaskStatusSettings
{
    [JsonPropertyName("after_version_statuses")]
    public bool AfterVersionStatuses { get; init; } = true;
}
