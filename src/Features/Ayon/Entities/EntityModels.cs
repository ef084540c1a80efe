using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Ayon.Entities;

/// <summary>
/// Fields shared by every project-level entity read from REST (ayon-protocol.md §3.1):
/// <see cref="Attrib"/> holds effective values, <see cref="OwnAttrib"/> names the ones set on the entity.
/// </summary>
public abstract record ProjectEntityModel
{
    public required string Id { get; init; }
    public JsonObject Attrib { get; init; } = [];
    public IReadOnlyList<string> OwnAttrib { get; init; } = [];
    public JsonObject Data { get; init; } = [];
    public bool Active { get; init; } = true;
    public string? Status { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? CreatedBy { get; init; }
    public string? UpdatedBy { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary><c>GET /api/projects/{p}/folders/{id}</c>.</summary>
public sealed record FolderModel : ProjectEntityModel
{
    public required string Name { get; init; }
    public string? Label { get; init; }
    public required string FolderType { get; init; }
    public string? ParentId { get; init; }
    public string? ThumbnailId { get; init; }
    public string? Path { get; init; }
    public bool HasVersions { get; init; }
}

/// <summary><c>GET /api/projects/{p}/tasks/{id}</c>.</summary>
public sealed record TaskModel : ProjectEntityModel
{
    public required string Name { get; init; }
    public string? Label { get; init; }
    public required string TaskType { get; init; }
    public required string FolderId { get; init; }
    public IReadOnlyList<string> Assignees { get; init; } = [];
    public string? ThumbnailId { get; init; }
    public string? Path { get; init; }
}

/// <summary><c>GET /api/projects/{p}/products/{id}</c>.</summary>
public sealed record ProductModel : ProjectEntityModel
{
    public required string Name { get; init; }
    public required string FolderId { get; init; }
    public required string ProductType { get; init; }
    public string? ProductBaseType { get; init; }
    public string? Path { get; init; }
}

/// <summary><c>GET /api/projects/{p}/versions/{id}</c>.</summary>
public sealed record VersionModel : ProjectEntityModel
{
    public int Version { get; init; }
    public required string ProductId { get; init; }
    public string? TaskId { get; init; }
    public string? ThumbnailId { get; init; }
    public string? Author { get; init; }
    public string? Path { get; init; }
}

/// <summary><c>GET /api/projects/{p}/representations/{id}</c>.</summary>
public sealed record RepresentationModel : ProjectEntityModel
{
    public required string Name { get; init; }
    public required string VersionId { get; init; }
    public JsonArray Files { get; init; } = [];
    public JsonObject? Traits { get; init; }
    public string? Path { get; init; }
}

/// <summary>Answer of <c>POST /api/projects/{p}/{type}</c> (201) and of other "create" calls.</summary>
public sealed record EntityIdResponse
{
    public required string Id { get; init; }
}

/// <summary>One row of the flat folder list <c>GET /api/projects/{p}/folders</c>.</summary>
public sealed record FolderListItem
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Label { get; init; }
    public string? Path { get; init; }
    public string? ParentId { get; init; }
    public IReadOnlyList<string> Parents { get; init; } = [];
    public string? FolderType { get; init; }
    public bool HasTasks { get; init; }
    public bool HasChildren { get; init; }
    public IReadOnlyList<string> TaskNames { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Status { get; init; }

    /// <summary>Effective attributes; only present when requested with <c>attrib=true</c>.</summary>
    public JsonObject? Attrib { get; init; }

    public IReadOnlyList<string> OwnAttrib { get; init; } = [];
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>Answer of <c>GET /api/projects/{p}/folders</c>.</summary>
public sealed record FolderListResponse
{
    public string? Detail { get; init; }
    public IReadOnlyList<FolderListItem> Folders { get; init; } = [];
}

/// <summary>Body of <c>POST /api/projects/{p}/tasks/{id}/assign</c>; mode is add, remove or set.</summary>
public sealed record TaskAssignRequest(string Mode, IReadOnlyList<string> Users)
{
    public static TaskAssignRequest Add(params string[] users) => new("add", users);

    public static TaskAssignRequest Remove(params string[] users) => new("remove", users);

    public static TaskAssignRequest Set(params string[] users) => new("set", users);
}
