using System.Text.Json.Serialization;
using AyonFtrack.Server.Settings.Ui;

namespace AyonFtrack.Server.Settings;

/// <summary>
/// <c>service_event_handlers</c>: the processor's event handlers and server actions
/// (original <c>server/settings/service_handlers.py</c>).
/// </summary>
[SettingsModel(Description = "Event handlers and actions of the ftrack services.")]
public sealed record ServiceEventHandlersSettings
{
    [Setting("Prepare Project")]
    [JsonPropertyName("prepare_project")]
    public RoleAction PrepareProject { get; init; } = new();

    [Setting("Sync to AYON")]
    [JsonPropertyName("sync_from_ftrack")]
    public SyncFromFtrackSettings SyncFromFtrack { get; init; } = new();

    [Setting("Sync Users to AYON")]
    [JsonPropertyName("sync_users_from_ftrack")]
    public RoleAction SyncUsersFromFtrack { get; init; } = new();

    [Setting("Sync Hierarchical and Entity Attributes")]
    [JsonPropertyName("sync_hier_entity_attributes")]
    public SyncHierarchicalAttributesSettings SyncHierEntityAttributes { get; init; } = new();

    [Setting("Clone Review Session")]
    [JsonPropertyName("clone_review_session")]
    public RoleAction CloneReviewSession { get; init; } = new();

    [Setting("Delete Folders/Products")]
    [JsonPropertyName("delete_ayon_entities")]
    public RoleAction DeleteAyonEntities { get; init; } = new();

    [Setting("Update Hierarchy thumbnails")]
    [JsonPropertyName("thumbnail_updates")]
    public ThumbnailUpdatesSettings ThumbnailUpdates { get; init; } = new();

    [Setting("Sync status from Task to Parent")]
    [JsonPropertyName("status_task_to_parent")]
    public StatusTaskToParentSettings StatusTaskToParent { get; init; } = new();

    [Setting("Sync status from Task to Version")]
    [JsonPropertyName("status_task_to_version")]
    public StatusMappingSettings StatusTaskToVersion { get; init; } = new();

    [Setting("Sync status from Version to Task")]
    [JsonPropertyName("status_version_to_task")]
    public StatusMappingSettings StatusVersionToTask { get; init; } =
        new() { AssetTypesFilterType = SettingsValues.DenyList };

    [Setting("Update status on next task")]
    [JsonPropertyName("next_task_update")]
    public NextTaskUpdateSettings NextTaskUpdate { get; init; } = new();

    [Setting("Action to transfer hierarchical attribute values")]
    [JsonPropertyName("transfer_values_of_hierarchical_attributes")]
    public RoleAction TransferValuesOfHierarchicalAttributes { get; init; } = new();

    [Setting("Create daily lists")]
    [JsonPropertyName("create_daily_lists")]
    public CreateDailyListsSettings CreateDailyLists { get; init; } = new();

    [Setting("Calculate project component sizes")]
    [JsonPropertyName("project_components_sizes")]
    public RoleAction ProjectComponentsSizes { get; init; } = new();
}

/// <summary><c>sync_from_ftrack</c>: the ftrack to AYON synchronisation (event sync and the sync action).</summary>
public sealed record SyncFromFtrackSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    /// <summary>Also synchronise version statuses (slower).</summary>
    [Setting("Sync version statuses", Description = "Synchronise version statuses from ftrack too; the sync takes longer.")]
    [JsonPropertyName("sync_versions")]
    public bool SyncVersions { get; init; }

    /// <summary>AYON folder-to-folder link type for ftrack links, or <see cref="SettingsValues.SkipLinkType"/>.</summary>
    [Setting("Sync Link Type", EnumResolver = SettingsEnums.ProjectLinkTypes, Description = "AYON link type that ftrack links are synchronised as.")]
    [JsonPropertyName("sync_link_type")]
    public string SyncLinkType { get; init; } = SettingsValues.SkipLinkType;

    [Setting("Roles for action")]
    [JsonPropertyName("role_list")]
    public IReadOnlyList<string> RoleList { get; init; } = [];

    /// <summary>True when links are synchronised (a link type other than "&lt; Skip &gt;" is chosen).</summary>
    [JsonIgnore]
    public bool SyncsLinks =>
        SyncLinkType.Length > 0 && !string.Equals(SyncLinkType, SettingsValues.SkipLinkType, StringComparison.Ordinal);
}

/// <summary><c>sync_hier_entity_attributes</c>: push hierarchical attribute changes to entity attributes.</summary>
public sealed record SyncHierarchicalAttributesSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [Setting("Entity types of interest")]
    [JsonPropertyName("interest_entity_types")]
    public IReadOnlyList<string> InterestEntityTypes { get; init; } = [];

    [Setting("Attributes to sync")]
    [JsonPropertyName("interest_attributes")]
    public IReadOnlyList<string> InterestAttributes { get; init; } = [];

    [Setting("Enable Action")]
    [JsonPropertyName("action_enabled")]
    public bool ActionEnabled { get; init; } = true;

    [Setting("Roles for action")]
    [JsonPropertyName("role_list")]
    public IReadOnlyList<string> RoleList { get; init; } = [];
}

/// <summary><c>thumbnail_updates</c>: push a version thumbnail up this many hierarchy levels (≥ 0).</summary>
[SettingsModel(Description = "Show a version's thumbnail on its task and this many levels above it.")]
public sealed record ThumbnailUpdatesSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [Setting("Levels", Minimum = 0)]
    [JsonPropertyName("levels")]
    public int Levels { get; init; } = 1;
}

/// <summary><c>status_task_to_parent</c>: change a parent's status from its tasks' statuses.</summary>
[SettingsModel(IsGroup = true)]
public sealed record StatusTaskToParentSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [Setting("Object types")]
    [JsonPropertyName("parent_object_types")]
    public IReadOnlyList<string> ParentObjectTypes { get; init; } = [];

    /// <summary>New parent status (name) when every task has one of the listed statuses (value).</summary>
    [Setting("Change parent if all tasks match")]
    [JsonPropertyName("parent_status_match_all_task_statuses")]
    public IReadOnlyList<NameValues> ParentStatusMatchAllTaskStatuses { get; init; } = [];

    /// <summary>New parent status when a single task has one of the listed statuses.</summary>
    [Setting("Change parent status if a single task matches")]
    [JsonPropertyName("parent_status_by_task_status")]
    public IReadOnlyList<ParentStatusByTaskStatus> ParentStatusByTaskStatus { get; init; } = [];
}

/// <summary>An item of <c>parent_status_by_task_status</c>; <c>new_status</c> has no default in the original.</summary>
public sealed record ParentStatusByTaskStatus
{
    [Setting("New parent status")]
    [JsonPropertyName("new_status")]
    public required string NewStatus { get; init; }

    [Setting("Task status")]
    [JsonPropertyName("task_statuses")]
    public IReadOnlyList<string> TaskStatuses { get; init; } = [];
}

/// <summary>
/// <c>status_task_to_version</c> and <c>status_version_to_task</c>: status mapping (new status ← source statuses)
/// with an allow or deny list of asset types (short names).
/// </summary>
[SettingsModel(IsGroup = true)]
public sealed record StatusMappingSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [Setting("Status mapping", UniqueNames = true)]
    [JsonPropertyName("mapping")]
    public IReadOnlyList<NameValues> Mapping { get; init; } = [];

    /// <summary><see cref="SettingsValues.AllowList"/> or <see cref="SettingsValues.DenyList"/>.</summary>
    [Setting("Asset types Allow/Deny", EnumResolver = SettingsEnums.AllowDeny)]
    [JsonPropertyName("asset_types_filter_type")]
    public string AssetTypesFilterType { get; init; } = SettingsValues.AllowList;

    [Setting("Asset types (short)")]
    [JsonPropertyName("asset_types")]
    public IReadOnlyList<string> AssetTypes { get; init; } = [];
}

/// <summary><c>next_task_update</c>: change the next task's status when a task reaches a status.</summary>
[SettingsModel(IsGroup = true)]
public sealed record NextTaskUpdateSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [Setting("Status Mappings", UniqueNames = true)]
    [JsonPropertyName("mapping")]
    public IReadOnlyList<NextTaskStatusMapping> Mapping { get; init; } = [];

    [Setting("Ignored statuses")]
    [JsonPropertyName("ignored_statuses")]
    public IReadOnlyList<string> IgnoredStatuses { get; init; } = [];

    /// <summary>Model default true; the addon's default settings set false.</summary>
    [Setting("Sort tasks by name")]
    [JsonPropertyName("name_sorting")]
    public bool NameSorting { get; init; } = true;
}

/// <summary>An item of <c>next_task_update.mapping</c>: both keys are required in the original.</summary>
[SettingsModel(Layout = "expanded")]
public sealed record NextTaskStatusMapping
{
    [Setting("Status reached")]
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [Setting("Next task status")]
    [JsonPropertyName("value")]
    public required string Value { get; init; }
}

/// <summary><c>create_daily_lists</c>: create AssetVersion lists from filters, optionally on a daily cycle.</summary>
[SettingsModel(IsGroup = true, Description = "Create lists of AssetVersions from filters, by hand or every day.")]
public sealed record CreateDailyListsSettings
{
    /// <summary>The whole-text pattern of <see cref="CycleHourStart"/>: <c>HH:MM:SS</c>, 00:00:00 to 23:59:59.</summary>
    public const string CycleHourPattern = @"^(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d$";

    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    /// <summary>Time of day <c>HH:MM:SS</c> (studio scope).</summary>
    [Setting("Create daily lists at", Description = "Takes effect from the next day.", Widget = "time", Pattern = CreateDailyListsSettings.CycleHourPattern, Section = "Automated execution", Scope = ["studio"])]
    [JsonPropertyName("cycle_hour_start")]
    public string CycleHourStart { get; init; } = "00:00:00";

    /// <summary>Lower-case week day names (studio scope).</summary>
    [Setting("Days of week", EnumResolver = SettingsEnums.WeekDays, Scope = ["studio"])]
    [JsonPropertyName("cycle_days")]
    public IReadOnlyList<string> CycleDays { get; init; } = ["monday", "tuesday", "wednesday", "thursday", "friday"];

    [Setting("Lists")]
    [JsonPropertyName("lists")]
    public IReadOnlyList<DailyListItem> Lists { get; init; } = [];

    [Setting("Roles for action", Section = "---")]
    [JsonPropertyName("role_list")]
    public IReadOnlyList<string> RoleList { get; init; } = [];

    /// <summary><see cref="CycleHourStart"/> as a time of day, or null when it is not <c>HH:MM:SS</c> (00–23:00–59:00–59).</summary>
    public TimeOnly? TryGetCycleStart()
    {
        var parts = CycleHourStart.Split(':');
        if (parts.Length != 3 || parts.Any(p => p.Length != 2 || !p.All(char.IsAsciiDigit)))
        {
            return null;
        }

        var h = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var m = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var s = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
        return h < 24 && m < 60 && s < 60 ? new TimeOnly(h, m, s) : null;
    }
}

/// <summary>An item of <c>create_daily_lists.lists</c>.</summary>
[SettingsModel(Layout = "expanded", Description = "A list of the AssetVersions that match one of its filters.")]
public sealed record DailyListItem
{
    [Setting("Name template")]
    [JsonPropertyName("name_template")]
    public string NameTemplate { get; init; } = "{yy}{mm}{dd}";

    /// <summary>One of <see cref="SettingsValues.DailyListCategories"/>.</summary>
    [Setting("List category", EnumResolver = SettingsEnums.DailyListCategories)]
    [JsonPropertyName("category")]
    public string Category { get; init; } = "Dailies";

    [Setting("Run automatically")]
    [JsonPropertyName("cycle_enabled")]
    public bool CycleEnabled { get; init; }

    [Setting("Asset version filters")]
    [JsonPropertyName("filters")]
    public IReadOnlyList<DailyListFilter> Filters { get; init; } = [];
}

/// <summary>A filter of a daily list: AssetVersion statuses and custom attribute values.</summary>
[SettingsModel(Layout = "expanded")]
public sealed record DailyListFilter
{
    [Setting("Statuses")]
    [JsonPropertyName("statuses")]
    public IReadOnlyList<string> Statuses { get; init; } = [];

    [Setting("Custom attributes")]
    [JsonPropertyName("custom_attributes")]
    public IReadOnlyList<DailyListCustomAttributeFilter> CustomAttributes { get; init; } = [];
}

/// <summary>A custom attribute condition; <c>attr_type</c> names which <c>*_value</c> field is compared.</summary>
[SettingsModel(Layout = "expanded")]
public sealed record DailyListCustomAttributeFilter
{
    [Setting("Attribute name")]
    [JsonPropertyName("attr_name")]
    public string AttrName { get; init; } = "";

    /// <summary>One of <see cref="SettingsValues.DailyListAttributeTypes"/>.</summary>
    [Setting("Attribute type", EnumResolver = SettingsEnums.DailyListAttributeTypes, ConditionalEnum = true)]
    [JsonPropertyName("attr_type")]
    public string AttrType { get; init; } = "bool_value";

    [Setting("Expected value")]
    [JsonPropertyName("bool_value")]
    public bool BoolValue { get; init; } = true;

    [Setting("Expected value")]
    [JsonPropertyName("str_value")]
    public string StrValue { get; init; } = "";

    [Setting("Expected value")]
    [JsonPropertyName("int_value")]
    public int IntValue { get; init; }

    [Setting("Expected value")]
    [JsonPropertyName("float_value")]
    public double FloatValue { get; init; }

    [Setting("Expected value")]
    [JsonPropertyName("enum_value")]
    public IReadOnlyList<string> EnumValue { get; init; } = [];
}
