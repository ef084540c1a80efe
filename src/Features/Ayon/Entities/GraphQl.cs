using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Ayon.Entities;

/// <summary>Answer of <c>POST /graphql</c> (HTTP 200 even with <see cref="Errors"/>).</summary>
public sealed record GraphQlResult<TData>
{
    public TData? Data { get; init; }
    public IReadOnlyList<GraphQlError>? Errors { get; init; }

    /// <summary>The data, or a clear exception naming the query when the server answered errors or no data.</summary>
    public TData Require(string queryName)
    {
        if (Errors is { Count: > 0 })
        {
            throw new AyonGraphQlException($"AYON GraphQL query {queryName} failed: {string.Join("; ", Errors.Select(e => e.Message))}");
        }

        return Data ?? throw new AyonGraphQlException($"AYON GraphQL query {queryName} returned no data.");
    }
}

/// <summary>A GraphQL answer with errors or without data.</summary>
public sealed class AyonGraphQlException : Exception
{
    public AyonGraphQlException()
    {
    }

    public AyonGraphQlException(string message)
        : base(message)
    {
    }

    public AyonGraphQlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A Relay connection: <c>edges { node cursor } pageInfo { endCursor hasNextPage }</c>.</summary>
public sealed record GraphQlConnection<TNode>
{
    public IReadOnlyList<GraphQlEdge<TNode>> Edges { get; init; } = [];
    public GraphQlPageInfo PageInfo { get; init; } = new();
}

/// <summary>One edge of a connection.</summary>
public sealed record GraphQlEdge<TNode>
{
    public required TNode Node { get; init; }
    public string? Cursor { get; init; }
}

/// <summary>Paging info of a connection.</summary>
public sealed record GraphQlPageInfo
{
    public string? StartCursor { get; init; }
    public string? EndCursor { get; init; }
    public bool HasNextPage { get; init; }
    public bool HasPreviousPage { get; init; }
}

/// <summary><c>{ users: connection }</c>.</summary>
public sealed record UsersData(GraphQlConnection<UserNode> Users);

/// <summary><c>{ project: { ... } }</c>; null when the project does not exist.</summary>
public sealed record ProjectData<TProject>(TProject? Project);

public sealed record ProjectFolders(GraphQlConnection<FolderNode> Folders);

public sealed record ProjectTasks(GraphQlConnection<TaskNode> Tasks);

public sealed record ProjectProducts(GraphQlConnection<ProductNode> Products);

public sealed record ProjectVersions(GraphQlConnection<VersionNode> Versions);

public sealed record ProjectActivities(GraphQlConnection<ActivityNode> Activities);

public sealed record ProjectEntityLists(GraphQlConnection<EntityListNode> EntityLists);

/// <summary>Fields every project entity node carries in the fixed documents (JSON strings parsed on demand).</summary>
public abstract record EntityNode
{
    public required string Id { get; init; }
    public bool Active { get; init; } = true;
    public string? Status { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> OwnAttrib { get; init; } = [];

    /// <summary>Effective attributes as a JSON string.</summary>
    public string? AllAttrib { get; init; }

    /// <summary>The entity's data as a JSON string.</summary>
    public string? Data { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    public JsonObject ParseAllAttrib() => GraphQlJson.ParseObject(AllAttrib, "allAttrib") ?? [];

    public JsonObject ParseData() => GraphQlJson.ParseObject(Data, "data") ?? [];

    /// <summary>The effective <c>ftrackId</c> attribute, or null.</summary>
    public string? FtrackId => ParseAllAttrib()["ftrackId"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

public sealed record FolderNode : EntityNode
{
    public required string Name { get; init; }
    public string? Label { get; init; }
    public required string FolderType { get; init; }
    public string? ParentId { get; init; }
    public string? Path { get; init; }
    public string? ThumbnailId { get; init; }

    /// <summary>True when products (published content) live in the folder: AYON then treats it as immutable for hierarchy changes.</summary>
    public bool HasProducts { get; init; }
}

public sealed record TaskNode : EntityNode
{
    public required string Name { get; init; }
    public string? Label { get; init; }
    public required string TaskType { get; init; }
    public required string FolderId { get; init; }
    public IReadOnlyList<string> Assignees { get; init; } = [];
    public string? ThumbnailId { get; init; }
}

public sealed record ProductNode : EntityNode
{
    public required string Name { get; init; }
    public required string FolderId { get; init; }
    public required string ProductType { get; init; }
}

public sealed record VersionNode : EntityNode
{
    public int Version { get; init; }
    public required string ProductId { get; init; }
    public string? TaskId { get; init; }
    public string? Author { get; init; }
    public string? ThumbnailId { get; init; }
}

/// <summary>Parses the JSON strings AYON's GraphQL returns for object-valued fields.</summary>
public static class GraphQlJson
{
    /// <summary>The object encoded in <paramref name="json"/>, null when absent, or a clear error naming the field.</summary>
    public static JsonObject? ParseObject(string? json, string fieldName)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json) switch
            {
                JsonObject obj => obj,
                null => null,
                var other => throw new AyonGraphQlException($"AYON GraphQL field {fieldName} is not a JSON object but {other.GetValueKind()}."),
            };
        }
        catch (JsonException ex)
        {
            throw new AyonGraphQlException($"AYON GraphQL field {fieldName} is not valid JSON.", ex);
        }
    }
}
