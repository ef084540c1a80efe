using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AyonFtrack.Features.Ayon.Entities;

/// <summary>
/// Fields every create body may carry (ayon-protocol.md §3.1, §3.4). Absent (null) members are not sent,
/// so the server applies its defaults (status = first status in scope, active = true).
/// </summary>
public abstract record EntityCreateBase
{
    /// <summary>Optional explicit id (32 lowercase hex).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Attrib { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Data { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Active { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Tags { get; init; }
}

/// <summary>Body of <c>POST /api/projects/{p}/folders</c>; <see cref="ParentId"/> null creates a root folder.</summary>
public sealed record FolderCreate : EntityCreateBase
{
    public required string Name { get; init; }
    public required string FolderType { get; init; }
    public string? ParentId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Label { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ThumbnailId { get; init; }
}

/// <summary>Body of <c>POST /api/projects/{p}/tasks</c>.</summary>
public sealed record TaskCreate : EntityCreateBase
{
    public required string Name { get; init; }
    public required string TaskType { get; init; }
    public required string FolderId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Label { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Assignees { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ThumbnailId { get; init; }
}

/// <summary>Body of <c>POST /api/projects/{p}/products</c>.</summary>
public sealed record ProductCreate : EntityCreateBase
{
    public required string Name { get; init; }
    public required string FolderId { get; init; }
    public required string ProductType { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ProductBaseType { get; init; }
}

/// <summary>Body of <c>POST /api/projects/{p}/versions</c>; <see cref="Author"/> defaults to the acting user.</summary>
public sealed record VersionCreate : EntityCreateBase
{
    public required int Version { get; init; }
    public required string ProductId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TaskId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Author { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ThumbnailId { get; init; }
}

/// <summary>Body of <c>POST /api/projects/{p}/representations</c>.</summary>
public sealed record RepresentationCreate : EntityCreateBase
{
    public required string Name { get; init; }
    public required string VersionId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonArray? Files { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Traits { get; init; }
}
