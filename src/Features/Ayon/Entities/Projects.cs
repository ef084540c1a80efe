using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AyonFtrack.Features.Ayon.Entities;

/// <summary>One row of <c>GET /api/projects</c> (ayon-protocol.md §3.3).</summary>
public sealed record ProjectListItem
{
    public required string Name { get; init; }
    public string? Code { get; init; }
    public string? Label { get; init; }
    public bool Active { get; init; } = true;
    public bool Library { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>Answer of <c>GET /api/projects</c>.</summary>
public sealed record ProjectListResponse
{
    public int Count { get; init; }
    public IReadOnlyList<ProjectListItem> Projects { get; init; } = [];
}

/// <summary>A folder type, task type or tag of a project. <see cref="OriginalName"/> renames on PATCH.</summary>
public sealed record ProjectTypeItem
{
    public required string Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ShortName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Color { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Icon { get; init; }

    /// <summary>On PATCH: the current name of the entry this item renames (snake_case on the wire).</summary>
    [JsonPropertyName("original_name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OriginalName { get; init; }
}

/// <summary>A project status (state ∈ not_started, in_progress, done, blocked; scope null = all types).</summary>
public sealed record ProjectStatusItem
{
    public required string Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ShortName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? State { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Icon { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Color { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Scope { get; init; }

    [JsonPropertyName("original_name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OriginalName { get; init; }
}

/// <summary>A link type of a project, e.g. <c>reference|folder|folder</c>.</summary>
public sealed record ProjectLinkTypeItem
{
    public required string Name { get; init; }
    public string? LinkType { get; init; }
    public string? InputType { get; init; }
    public string? OutputType { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Data { get; init; }
}

/// <summary>Answer of <c>GET /api/projects/{name}</c> (§3.3).</summary>
public sealed record ProjectModel
{
    public required string Name { get; init; }
    public required string Code { get; init; }
    public string? Label { get; init; }
    public bool Library { get; init; }
    public bool Active { get; init; } = true;
    public IReadOnlyList<ProjectTypeItem> FolderTypes { get; init; } = [];
    public IReadOnlyList<ProjectTypeItem> TaskTypes { get; init; } = [];
    public IReadOnlyList<ProjectStatusItem> Statuses { get; init; } = [];
    public IReadOnlyList<ProjectTypeItem> Tags { get; init; } = [];
    public IReadOnlyList<ProjectLinkTypeItem> LinkTypes { get; init; } = [];
    public JsonObject Attrib { get; init; } = [];
    public IReadOnlyList<string> OwnAttrib { get; init; } = [];
    public JsonObject Data { get; init; } = [];
    public JsonObject Config { get; init; } = [];
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>Body of <c>POST /api/projects</c> (deploy, answered with 201 and no body).</summary>
public sealed record DeployProjectRequest
{
    public required string Name { get; init; }
    public required string Code { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Label { get; init; }

    /// <summary>The anatomy as returned by <c>GET /api/anatomy/presets/{name}</c> (snake_case keys, passed through).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Anatomy { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AnatomyPreset { get; init; }

    public bool Library { get; init; }
    public bool AssignUsers { get; init; } = true;
}

/// <summary>
/// Body of <c>PATCH /api/projects/{name}</c>. Absent (null) members are not sent. Lists replace the
/// project's list in order (items with <c>OriginalName</c> rename); <see cref="Attrib"/> and
/// <see cref="Data"/> are merged per key (a JSON null removes the key).
/// </summary>
public sealed record ProjectPatch
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Label { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Library { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Active { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Attrib { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Data { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Config { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ProjectTypeItem>? FolderTypes { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ProjectTypeItem>? TaskTypes { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ProjectStatusItem>? Statuses { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ProjectTypeItem>? Tags { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ProjectLinkTypeItem>? LinkTypes { get; init; }
}

/// <summary>One entry of <c>GET /api/anatomy/presets</c>.</summary>
public sealed record AnatomyPresetItem
{
    public required string Name { get; init; }
    public bool Primary { get; init; }
    public string? Version { get; init; }
}

/// <summary>Answer of <c>GET /api/anatomy/presets</c>.</summary>
public sealed record AnatomyPresetsResponse
{
    public string? Version { get; init; }
    public IReadOnlyList<AnatomyPresetItem> Presets { get; init; } = [];
}
