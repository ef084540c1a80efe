using System.Text.Json.Serialization;
using AyonFtrack.Server.Settings.Ui;

namespace AyonFtrack.Server.Settings;

/// <summary>
/// A name with a list of strings (original <c>DictWithStrList</c>): used for status mappings where
/// <see cref="Name"/> is the new status and <see cref="Value"/> the statuses it applies to.
/// </summary>
[SettingsModel(Layout = "expanded")]
public sealed record NameValues
{
    [Setting("New status")]
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [Setting("From statuses")]
    [JsonPropertyName("value")]
    public IReadOnlyList<string> Value { get; init; } = [];
}

/// <summary>An action or event handler that can be switched off and limited to ftrack roles.</summary>
public sealed record RoleAction
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    /// <summary>ftrack security role names allowed to run it; empty in the original means every role.</summary>
    [Setting("Roles for action")]
    [JsonPropertyName("role_list")]
    public IReadOnlyList<string> RoleList { get; init; } = [];
}

/// <summary>A section holding only a role list (original <c>CreateUpdateCustomAttributesAction</c>).</summary>
public sealed record RoleListOnly
{
    [Setting("Roles for action")]
    [JsonPropertyName("role_list")]
    public IReadOnlyList<string> RoleList { get; init; } = [];
}

/// <summary>Enumerated string values the settings use (AYON stores them as plain strings).</summary>
public static class SettingsValues
{
    /// <summary><c>asset_types_filter_type</c>: only the listed asset types are handled.</summary>
    public const string AllowList = "allow_list";

    /// <summary><c>asset_types_filter_type</c>: the listed asset types are skipped.</summary>
    public const string DenyList = "deny_list";

    /// <summary><c>attributes_mapping.mapping[].attr_type</c>: map to one hierarchical ftrack attribute.</summary>
    public const string Hierarchical = "hierarchical";

    /// <summary><c>attributes_mapping.mapping[].attr_type</c>: map to non-hierarchical ftrack attributes.</summary>
    public const string Standard = "standard";

    /// <summary><c>sync_from_ftrack.sync_link_type</c> value that turns link synchronisation off.</summary>
    public const string SkipLinkType = "< Skip >";

    /// <summary>Post-launch hook: a "from" status that matches any current status.</summary>
    public const string AnyStatus = "__any__";

    /// <summary>Post-launch hook: a "new status" name that means "leave the status unchanged".</summary>
    public const string IgnoreStatus = "__ignore__";

    /// <summary>Daily list categories.</summary>
    public static IReadOnlyList<string> DailyListCategories { get; } = ["Default", "Clients", "Dailies"];

    /// <summary>Week days of <c>create_daily_lists.cycle_days</c>, Monday first.</summary>
    public static IReadOnlyList<string> WeekDays { get; } =
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>Value kinds of a daily list custom attribute filter (<c>attr_type</c>).</summary>
    public static IReadOnlyList<string> DailyListAttributeTypes { get; } =
        ["bool_value", "str_value", "int_value", "float_value", "enum_value"];

    /// <summary>Keys allowed in <c>IntegrateFtrackInstance.additional_metadata_keys</c>.</summary>
    public static IReadOnlyList<string> AdditionalMetadataKeys { get; } =
    [
        "ayon_ftrack_version", "ayon_launcher_version", "frame_start", "frame_end", "duration",
        "width", "height", "fps", "codec",
    ];
}
