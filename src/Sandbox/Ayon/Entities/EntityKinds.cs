using System.Text.RegularExpressions;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>
/// Static description of the project-level entity types of ayon-protocol.md §3.1: their parent key,
/// REST path segment, own columns, and the order in which their column events are emitted (§4.2).
/// </summary>
internal sealed record EntityKind(
    string Name,
    string Plural,
    string? ParentKey,
    string? ParentType,
    IReadOnlyList<string> RequiredOnCreate,
    IReadOnlyList<string> Columns)
{
    public static readonly EntityKind Folder = new(
        "folder", "folders", "parentId", "folder", ["name", "folderType"],
        ["name", "label", "folderType", "parentId", "thumbnailId"]);

    public static readonly EntityKind Task = new(
        "task", "tasks", "folderId", "folder", ["name", "taskType", "folderId"],
        ["name", "label", "taskType", "folderId", "assignees", "thumbnailId"]);

    public static readonly EntityKind Product = new(
        "product", "products", "folderId", "folder", ["name", "folderId", "productType"],
        ["name", "folderId", "productType", "productBaseType"]);

    public static readonly EntityKind Version = new(
        "version", "versions", "productId", "product", ["version", "productId"],
        ["version", "productId", "taskId", "thumbnailId", "author"]);

    public static readonly EntityKind Representation = new(
        "representation", "representations", "versionId", "version", ["name", "versionId"],
        ["name", "versionId", "files", "traits"]);

    public static readonly EntityKind Workfile = new(
        "workfile", "workfiles", "taskId", "task", ["path", "taskId"],
        ["path", "taskId", "thumbnailId"]);

    public static IReadOnlyList<EntityKind> All { get; } = [Folder, Task, Product, Version, Representation, Workfile];

    public static EntityKind? Find(string? name) =>
        All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.Ordinal));

    public static EntityKind? FindPlural(string? plural) =>
        All.FirstOrDefault(k => string.Equals(k.Plural, plural, StringComparison.Ordinal));

    /// <summary>The column keys the update event builder walks after renamed/status/tags/attrib, in §4.2 order.</summary>
    public static IReadOnlyList<(string Key, string Suffix)> EventColumns { get; } =
    [
        ("data", "data_changed"),
        ("label", "label_changed"),
        ("folderType", "type_changed"),
        ("taskType", "type_changed"),
        ("thumbnailId", "thumbnail_changed"),
        ("active", "active_changed"),
        ("assignees", "assignees_changed"),
        ("productType", "product_type_changed"),
        ("author", "author_changed"),
        ("files", "files_changed"),
        ("tags", "tags_changed"),
        ("parentId", "parent_changed"),
        ("folderId", "folder_changed"),
        ("taskId", "task_changed"),
        ("productId", "product_changed"),
        ("versionId", "version_changed"),
    ];
}

/// <summary>Regexes of ayon-protocol.md §0.</summary>
internal static partial class EntityNames
{
    [GeneratedRegex(@"^[a-zA-Z0-9_]([a-zA-Z0-9_\.\-]*[a-zA-Z0-9_])?$")]
    public static partial Regex EntityName();

    [GeneratedRegex("^[a-zA-Z0-9_]*$")]
    public static partial Regex ProjectName();

    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9_]*[a-zA-Z0-9_]$")]
    public static partial Regex ProjectCode();

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_\.\-]*[a-zA-Z0-9]$")]
    public static partial Regex UserName();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    public static partial Regex EntityId();

    public static string NewId() => Guid.NewGuid().ToString("N");
}

/// <summary>
/// A failure of one entity mutation: the HTTP status (400, 403, 404, 409), the optional inner error
/// code (<c>foreign-key-violation</c>, <c>unique-violation</c>) and a readable detail.
/// </summary>
internal sealed class EntityMutationException : Exception
{
    public EntityMutationException()
    {
    }

    public EntityMutationException(string message)
        : base(message)
    {
        Status = 400;
    }

    public EntityMutationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
    }

    public EntityMutationException(int status, string? errorCode, string detail)
        : base(detail)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public int Status { get; } = 400;

    public string? ErrorCode { get; }

    public static EntityMutationException BadRequest(string detail) => new(400, null, detail);

    public static EntityMutationException NotFound(string detail) => new(404, null, detail);

    public static EntityMutationException Forbidden(string detail) => new(403, null, detail);

    public static EntityMutationException Conflict(string detail) => new(409, null, detail);

    public static EntityMutationException ForeignKey(string detail) => new(409, "foreign-key-violation", detail);

    public static EntityMutationException Unique(string detail) => new(409, "unique-violation", detail);
}
