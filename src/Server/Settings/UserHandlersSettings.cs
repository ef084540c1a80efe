using System.Text.Json.Serialization;

namespace AyonFtrack.Server.Settings;

/// <summary>
/// <c>user_handlers</c>: the desktop (local) actions (original <c>server/settings/desktopapp_handlers.py</c>).
/// </summary>
public sealed record UserHandlersSettings
{
    [JsonPropertyName("create_update_attributes")]
    public RoleListOnly CreateUpdateAttributes { get; init; } = new();

    [JsonPropertyName("prepare_project")]
    public PrepareProjectActionSettings PrepareProject { get; init; } = new();

    [JsonPropertyName("clean_hierarchical_attr")]
    public RoleAction CleanHierarchicalAttr { get; init; } = new();

    /// <summary>Its action is not ported in the original either; the settings stay for compatibility.</summary>
    [JsonPropertyName("delete_old_versions")]
    public RoleAction DeleteOldVersions { get; init; } = new();

    [JsonPropertyName("delivery_action")]
    public RoleAction DeliveryAction { get; init; } = new();

    [JsonPropertyName("job_killer")]
    public RoleAction JobKiller { get; init; } = new();

    /// <summary>Its action is not ported in the original either; the settings stay for compatibility.</summary>
    [JsonPropertyName("fill_workfile_attribute")]
    public FillWorkfileAttributeSettings FillWorkfileAttribute { get; init; } = new();
}

/// <summary><c>user_handlers.prepare_project</c>.</summary>
public sealed record PrepareProjectActionSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [JsonPropertyName("role_list")]
    public IReadOnlyList<string> RoleList { get; init; } = [];

    /// <summary>Model default true; the addon's default settings set false.</summary>
    [JsonPropertyName("create_project_structure_checked")]
    public bool CreateProjectStructureChecked { get; init; } = true;
}

/// <summary><c>user_handlers.fill_workfile_attribute</c>: a Task text attribute to fill with the workfile name.</summary>
public sealed record FillWorkfileAttributeSettings
{
    /// <summary>Model default true; the addon's default settings set false.</summary>
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [JsonPropertyName("custom_attribute_key")]
    public string CustomAttributeKey { get; init; } = "";

    [JsonPropertyName("role_list")]
    public IReadOnlyList<string> RoleList { get; init; } = [];
}
