using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AyonFtrack.Features.Ayon.Entities;

/// <summary>Body of <c>POST /api/projects/{p}/links</c>; <see cref="LinkType"/> like <c>reference|folder|folder</c>.</summary>
public sealed record LinkCreate
{
    public required string Input { get; init; }
    public required string Output { get; init; }
    public required string LinkType { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Data { get; init; }
}

/// <summary>Answer of <c>POST /api/projects/{p}/thumbnails</c>.</summary>
public sealed record ThumbnailResponse
{
    public required string Id { get; init; }
    public IReadOnlyList<string>? AffectedEntities { get; init; }
}
