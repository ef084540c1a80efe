using System.Text.Json.Serialization;
using AyonFtrack.Server.Settings.Ui;

namespace AyonFtrack.Server.Settings;

/// <summary>
/// <c>user_handlers</c>: the desktop (local) actions (original <c>server/settings/desktopapp_handlers.py</c>).
/// </summary>
[SettingsModel(Description = "Actions artists run from ftrack on their own machine.")]
public sealed record UserHandlersSettings
{
    [Setting("Create/Update Custom Attributes")]
    [JsonPropertyName("create_update_attributes")]
    public RoleListOnly CreateUpdateAttributes { get; init; } = new();

    [Setting("Prepare Project")]
    [JsonPropertyName("prepare_project")]
    public PrepareProjectActionSettings PrepareProject { get; init; } = new();

    [Setting("Clean hierarchical custom attributes")]
    [JsonPropertyName("clean_hierarchical_attr")]
    public RoleAction CleanHierarchicalAttr { get; init; } = new();

    /// <summary>Its action is not ported in the original either; the settings stay for compatibility.</summary>
    [Setting("Delete old versions")]
    [JsonPropertyName("delete_old_versions")]
    public RoleAction DeleteOldVersions { get; init; } = new();

    [Setting("Delivery action")]
    [JsonPropertyName("delivery_action")]
    public RoleAction DeliveryAction { get; init; } = new();

    [Setting("Job Killer")]
    [JsonPropertyName("job_killer")]
    public RoleAction JobKiller { get; init; } = new();

    /// <summary>Its action is not ported in the original either; the settings stay for compatibility.</summary>
    [Setting("Fill workfile Custom attribute")]
    [JsonPropertyName("fill_workfile_attribute")]
    public FillWorkfileAttributeSettings FillWorkfileAttribute { get; init; } = new();
}

/// <summary><c>user_handlers.prepare_project</c>.</summary>
public sealed record PrepareProjectActionSettings
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [Setting("Roles for action")]
    [JsonPropertyName("role_list")]
    public IReadOnlyList<string> RoleList { get; init; } = [];

    /// <summary>Model default true; the addon's default settings set false.</summary>
    [Setting("Create project structure", Description = "\"Create project structure\" is checked when the form opens.")]
    [JsonPropertyName("create_project_structure_checked")]
    public bool CreateProjectStructureChecked { get; init; } = true;
}

/// <summary><c>user_handlers.fill_workfile_attribute</c>: a Task text attribute to fill with the workfile name.</summary>
public sealed record FillWorkfileAttributeSettings
{
    /// <summary>Model default true; the addon's default settings set false.</summary>
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; } = true;

    [Setting("Custom attribute key", Description = "A <b>Text</b> custom attribute of the <b>Task</b> entity type.")]
    [JsonPropertyName("custom_attribute_key")]
    public string CustomAttributeKey { get; init; } = "";

    [Setting("Roles for action")]
    [JsonPropertyName("role_list")]
    public IReadOnlyList<string> RoleList { get; init; } = [];
}
