using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AyonFtrack.Features.Ayon.Entities;

/// <summary>Body of <c>POST /api/projects/{p}/{entityType}/{entityId}/activities</c> (201 <c>{id}</c>).</summary>
public sealed record ActivityCreate
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }

    public string ActivityType { get; init; } = "comment";

    public required string Body { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Data { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Tags { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? Timestamp { get; init; }
}

/// <summary>Body of <c>PATCH /api/projects/{p}/activities/{id}</c>; <see cref="Data"/> is shallow-merged.</summary>
public sealed record ActivityPatch
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Body { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Tags { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Data { get; init; }
}

/// <summary>Node of the GraphQL <c>project{activities}</c> listing; <see cref="ActivityData"/> is a JSON string.</summary>
public sealed record ActivityNode
{
    public required string ActivityId { get; init; }
    public required string ActivityType { get; init; }
    public string? ActivityData { get; init; }
    public string? Body { get; init; }
    public string? EntityId { get; init; }
    public string? EntityType { get; init; }
    public ActivityAuthor? Author { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary><see cref="ActivityData"/> parsed (an empty object when absent).</summary>
    public JsonObject ParseActivityData() => GraphQlJson.ParseObject(ActivityData, "activities.activityData") ?? [];
}

/// <summary>The <c>author { name }</c> selection of an activity.</summary>
public sealed record ActivityAuthor(string Name);
