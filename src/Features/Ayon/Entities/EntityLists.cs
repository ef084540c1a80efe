using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AyonFtrack.Features.Ayon.Entities;

/// <summary>One item of an entity list (create, items patch, read).</summary>
public sealed record EntityListItem
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }

    public required string EntityId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Position { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Label { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Attrib { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Data { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Tags { get; init; }
}

/// <summary>Body of <c>POST /api/projects/{p}/lists</c>.</summary>
public sealed record EntityListCreate
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }

    public string EntityListType { get; init; } = "generic";
    public required string EntityType { get; init; }
    public required string Label { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Attrib { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Data { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Tags { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Active { get; init; }

    public IReadOnlyList<EntityListItem> Items { get; init; } = [];
}

/// <summary>Answer of <c>POST /api/projects/{p}/lists</c> (201).</summary>
public sealed record EntityListSummary
{
    public required string Id { get; init; }
    public string? EntityListType { get; init; }
    public string? EntityType { get; init; }
    public string? Label { get; init; }
    public int Count { get; init; }
}

/// <summary><c>GET /api/projects/{p}/lists/{id}</c>.</summary>
public sealed record EntityListModel
{
    public required string Id { get; init; }
    public string? EntityListType { get; init; }
    public string? EntityListFolderId { get; init; }
    public required string EntityType { get; init; }
    public required string Label { get; init; }
    public JsonObject Attrib { get; init; } = [];
    public JsonObject Data { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<EntityListItem> Items { get; init; } = [];
    public string? Owner { get; init; }
    public bool Active { get; init; } = true;
    public string? CreatedBy { get; init; }
    public string? UpdatedBy { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>Body of <c>PATCH /api/projects/{p}/lists/{id}</c>; <see cref="Attrib"/>/<see cref="Data"/> are merged.</summary>
public sealed record EntityListPatch
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Label { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Attrib { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Data { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Tags { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Active { get; init; }
}

/// <summary>Body of <c>PATCH /api/projects/{p}/lists/{id}/items</c>; mode is replace, merge or delete.</summary>
public sealed record EntityListItemsPatch(string Mode, IReadOnlyList<EntityListItem> Items);

/// <summary>Node of GraphQL <c>project{entityLists}</c>.</summary>
public sealed record EntityListNode
{
    public required string Id { get; init; }
    public string? Label { get; init; }
    public string? EntityType { get; init; }
    public string? EntityListType { get; init; }
    public bool Active { get; init; } = true;
    public string? AllAttrib { get; init; }
    public string? Data { get; init; }
    public EntityListItemsConnection Items { get; init; } = new();

    public JsonObject ParseAllAttrib() => GraphQlJson.ParseObject(AllAttrib, "entityLists.allAttrib") ?? [];
}

/// <summary>The <c>items</c> connection of an entity list node.</summary>
public sealed record EntityListItemsConnection
{
    public IReadOnlyList<EntityListItemEdge> Edges { get; init; } = [];
}

/// <summary>
/// An edge of a list's items (the server's <c>EntityListItemEdge</c>): the item's own id and position sit on the edge
/// beside the listed entity's id; the edge's <c>node</c> is the listed entity itself, which the port does not read.
/// </summary>
public sealed record EntityListItemEdge
{
    /// <summary>The list item's id (what a <c>delete</c> items patch names), not the entity's.</summary>
    public string? Id { get; init; }

    public required string EntityId { get; init; }

    public int Position { get; init; }
}
