using System.Text.Json;
using System.Text.Json.Serialization;
using AyonFtrack.Server.Settings.Ui;

namespace AyonFtrack.Server.Settings;

/// <summary>
/// <c>publish</c>: the publish plugins' settings (original <c>server/settings/publish_plugins.py</c>). The keys
/// are the plugin class names, as the original stores them.
/// </summary>
public sealed record PublishSettings
{
    [Setting("Collect ftrack Family")]
    [JsonPropertyName("CollectFtrackFamily")]
    public CollectFtrackFamilySettings CollectFtrackFamily { get; init; } = new();

    [Setting("Collect Custom Attribute Data", Description = "Collects custom attribute values of the ftrack entities for use in publish templates.")]
    [JsonPropertyName("CollectFtrackCustomAttributeData")]
    public CollectFtrackCustomAttributeDataSettings CollectFtrackCustomAttributeData { get; init; } = new();

    [Setting("Validate ftrack Attributes")]
    [JsonPropertyName("ValidateFtrackAttributes")]
    public ValidateFtrackAttributesSettings ValidateFtrackAttributes { get; init; } = new();

    [Setting("Integrate Hierarchy to ftrack", Description = "Status of tasks created by a publish; ftrack's default status otherwise.")]
    [JsonPropertyName("IntegrateHierarchyToFtrack")]
    public IntegrateHierarchyToFtrackSettings IntegrateHierarchyToFtrack { get; init; } = new();

    [Setting("Integrate ftrack Description", Description = "Adds a description to the published AssetVersion.")]
    [JsonPropertyName("IntegrateFtrackDescription")]
    public IntegrateFtrackDescriptionSettings IntegrateFtrackDescription { get; init; } = new();

    [Setting("Integrate ftrack Note", Description = "Adds the publish comment as a note on the AssetVersion.")]
    [JsonPropertyName("IntegrateFtrackNote")]
    public IntegrateFtrackNoteSettings IntegrateFtrackNote { get; init; } = new();

    [Setting("Integrate ftrack Component Overwrite")]
    [JsonPropertyName("IntegrateFtrackComponentOverwrite")]
    public EnabledOnly IntegrateFtrackComponentOverwrite { get; init; } = new();

    [Setting("Integrate ftrack Instance")]
    [JsonPropertyName("IntegrateFtrackInstance")]
    public IntegrateFtrackInstanceSettings IntegrateFtrackInstance { get; init; } = new();

    [Setting("Integrate ftrack Farm Status", Description = "Task status when a product is submitted to the farm.")]
    [JsonPropertyName("IntegrateFtrackFarmStatus")]
    public IntegrateFtrackFarmStatusSettings IntegrateFtrackFarmStatus { get; init; } = new();

    [Setting("ftrack Status Local Integration", Description = "Task status when a product is published locally.")]
    [JsonPropertyName("ftrack_task_status_local_publish")]
    public TaskStatusProfilesSettings FtrackTaskStatusLocalPublish { get; init; } = new();

    [Setting("ftrack Status On Farm Integration", Description = "Task status when a product is published on the farm.")]
    [JsonPropertyName("ftrack_task_status_on_farm_publish")]
    public TaskStatusProfilesSettings FtrackTaskStatusOnFarmPublish { get; init; } = new();

    [Setting("Integrate ftrack Task Status")]
    [JsonPropertyName("IntegrateFtrackTaskStatus")]
    public IntegrateFtrackTaskStatusSettings IntegrateFtrackTaskStatus { get; init; } = new();
}

/// <summary>A plugin section holding only <c>enabled</c>.</summary>
[SettingsModel(IsGroup = true)]
public sealed record EnabledOnly
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;
}

/// <summary><c>CollectFtrackFamily</c>: which instances get the ftrack family.</summary>
[SettingsModel(IsGroup = true)]
public sealed record CollectFtrackFamilySettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [Setting("Profiles")]
    [JsonPropertyName("profiles")]
    public IReadOnlyList<CollectFamilyProfile> Profiles { get; init; } = [];
}

/// <summary>A profile of <c>CollectFtrackFamily</c>.</summary>
[SettingsModel(Layout = "expanded")]
public sealed record CollectFamilyProfile
{
    [Setting("Host names")]
    [JsonPropertyName("host_names")]
    public IReadOnlyList<string> HostNames { get; init; } = [];

    [Setting("Product base types")]
    [JsonPropertyName("product_base_types")]
    public IReadOnlyList<string> ProductBaseTypes { get; init; } = [];

    [Setting("Task types")]
    [JsonPropertyName("task_types")]
    public IReadOnlyList<string> TaskTypes { get; init; } = [];

    [Setting("Task names")]
    [JsonPropertyName("task_names")]
    public IReadOnlyList<string> TaskNames { get; init; } = [];

    [Setting("Add ftrack Family")]
    [JsonPropertyName("add_ftrack_family")]
    public bool AddFtrackFamily { get; init; } = true;

    [Setting("Advanced adding if additional families present")]
    [JsonPropertyName("advanced_filtering")]
    public IReadOnlyList<AdvancedFamilyFilter> AdvancedFiltering { get; init; } = [];
}

/// <summary>An <c>advanced_filtering</c> item: add the ftrack family when these families are present.</summary>
[SettingsModel(Layout = "expanded")]
public sealed record AdvancedFamilyFilter
{
    [Setting("Additional Families")]
    [JsonPropertyName("families")]
    public IReadOnlyList<string> Families { get; init; } = [];

    [Setting("Add ftrack Family")]
    [JsonPropertyName("add_ftrack_family")]
    public bool AddFtrackFamily { get; init; } = true;
}

/// <summary><c>CollectFtrackCustomAttributeData</c>.</summary>
[SettingsModel(IsGroup = true)]
public sealed record CollectFtrackCustomAttributeDataSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [Setting("Custom attribute keys")]
    [JsonPropertyName("custom_attribute_keys")]
    public IReadOnlyList<string> CustomAttributeKeys { get; init; } = [];
}

/// <summary><c>ValidateFtrackAttributes</c>: <c>ftrack_custom_attributes</c> is a JSON object held as text.</summary>
[SettingsModel(IsGroup = true)]
public sealed record ValidateFtrackAttributesSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [Setting("Custom attributes to validate", Widget = "textarea", JsonObjectText = true)]
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
[SettingsModel(IsGroup = true)]
public sealed record IntegrateHierarchyToFtrackSettings
{
    [Setting("Task status profiles")]
    [JsonPropertyName("create_task_status_profiles")]
    public IReadOnlyList<CreateTaskStatusProfile> CreateTaskStatusProfiles { get; init; } = [];
}

/// <summary>A profile of <c>create_task_status_profiles</c>.</summary>
[SettingsModel(Layout = "expanded")]
public sealed record CreateTaskStatusProfile
{
    [Setting("Task types")]
    [JsonPropertyName("task_types")]
    public IReadOnlyList<string> TaskTypes { get; init; } = [];

    [Setting("Task names")]
    [JsonPropertyName("task_names")]
    public IReadOnlyList<string> TaskNames { get; init; } = [];

    [Setting("Status name")]
    [JsonPropertyName("status_name")]
    public string StatusName { get; init; } = "";
}

/// <summary><c>IntegrateFtrackDescription</c>.</summary>
[SettingsModel(IsGroup = true)]
public sealed record IntegrateFtrackDescriptionSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [Setting("Optional")]
    [JsonPropertyName("optional")]
    public bool Optional { get; init; }

    [Setting("Active")]
    [JsonPropertyName("active")]
    public bool Active { get; init; } = true;

    [Setting("Description template", Description = "May use the keys <b>intent</b> and <b>comment</b>.")]
    [JsonPropertyName("description_template")]
    public string DescriptionTemplate { get; init; } = "";
}

/// <summary><c>IntegrateFtrackNote</c>.</summary>
[SettingsModel(IsGroup = true)]
public sealed record IntegrateFtrackNoteSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [Setting("Note template", Description = "May use the keys <b>comment</b>, <b>host_name</b>, <b>app_name</b>, <b>app_label</b>, <b>published_paths</b> and <b>source</b>.")]
    [JsonPropertyName("note_template")]
    public string NoteTemplate { get; init; } = "";

    [Setting("Note labels")]
    [JsonPropertyName("note_labels")]
    public IReadOnlyList<string> NoteLabels { get; init; } = [];
}

/// <summary><c>IntegrateFtrackInstance</c>.</summary>
[SettingsModel(IsGroup = true)]
public sealed record IntegrateFtrackInstanceSettings
{
    /// <summary>Product base type (name) → ftrack asset type short name (asset_type).</summary>
    [Setting("Product base type Mapping", UniqueNames = true)]
    [JsonPropertyName("product_base_type_mapping")]
    public IReadOnlyList<ProductBaseTypeMapping> ProductBaseTypeMapping { get; init; } = [];

    [Setting("Make product name as first asset name")]
    [JsonPropertyName("keep_first_product_name_for_review")]
    public bool KeepFirstProductNameForReview { get; init; } = true;

    [Setting("AssetVersion status on publish")]
    [JsonPropertyName("asset_versions_status_profiles")]
    public IReadOnlyList<AssetVersionStatusProfile> AssetVersionsStatusProfiles { get; init; } = [];

    /// <summary>Items of <see cref="SettingsValues.AdditionalMetadataKeys"/>.</summary>
    [Setting("Additional metadata keys on components", EnumResolver = SettingsEnums.AdditionalMetadataKeys)]
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
    [Setting("Family")]
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [Setting("Asset Type")]
    [JsonPropertyName("asset_type")]
    public string AssetType { get; init; } = "";
}

/// <summary>An item of <c>asset_versions_status_profiles</c>.</summary>
[SettingsModel(Layout = "expanded")]
public sealed record AssetVersionStatusProfile
{
    [Setting("Host names")]
    [JsonPropertyName("host_names")]
    public IReadOnlyList<string> HostNames { get; init; } = [];

    [Setting("Product base types")]
    [JsonPropertyName("product_base_types")]
    public IReadOnlyList<string> ProductBaseTypes { get; init; } = [];

    [Setting("Task types")]
    [JsonPropertyName("task_types")]
    public IReadOnlyList<string> TaskTypes { get; init; } = [];

    [Setting("Status name")]
    [JsonPropertyName("status")]
    public string Status { get; init; } = "";
}

/// <summary><c>IntegrateFtrackFarmStatus</c>.</summary>
[SettingsModel(IsGroup = true)]
public sealed record IntegrateFtrackFarmStatusSettings
{
    [Setting("Farm status profiles")]
    [JsonPropertyName("farm_status_profiles")]
    public IReadOnlyList<TaskStatusProfile> FarmStatusProfiles { get; init; } = [];
}

/// <summary><c>ftrack_task_status_local_publish</c> and <c>ftrack_task_status_on_farm_publish</c>.</summary>
[SettingsModel(IsGroup = true)]
public sealed record TaskStatusProfilesSettings
{
    [Setting("Status profiles")]
    [JsonPropertyName("status_profiles")]
    public IReadOnlyList<TaskStatusProfile> StatusProfiles { get; init; } = [];
}

/// <summary>A task status profile (farm and local publish).</summary>
[SettingsModel(Layout = "expanded")]
public sealed record TaskStatusProfile
{
    [Setting("Host names")]
    [JsonPropertyName("host_names")]
    public IReadOnlyList<string> HostNames { get; init; } = [];

    [Setting("Task types")]
    [JsonPropertyName("task_types")]
    public IReadOnlyList<string> TaskTypes { get; init; } = [];

    [Setting("Task names")]
    [JsonPropertyName("task_names")]
    public IReadOnlyList<string> TaskNames { get; init; } = [];

    [Setting("Product base types")]
    [JsonPropertyName("product_base_types")]
    public IReadOnlyList<string> ProductBaseTypes { get; init; } = [];

    [Setting("Product names")]
    [JsonPropertyName("product_names")]
    public IReadOnlyList<string> ProductNames { get; init; } = [];

    [Setting("Status name")]
    [JsonPropertyName("status_name")]
    public string StatusName { get; init; } = "";
}

/// <summary><c>IntegrateFtrackTaskStatus</c>.</summary>
[SettingsModel(IsGroup = true)]
public sealed record IntegrateFtrackTaskStatusSettings
{
    [Setting("After version integration", Description = "Apply the collected task statuses after the versions are integrated; status automations on versions may conflict when this runs first.")]
    [JsonPropertyName("after_version_statuses")]
    public bool AfterVersionStatuses { get; init; } = true;
}
