using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Ayon.Entities;

/// <summary>A reviewable of a version (the server's <c>ReviewableModel</c>); <see cref="MediaInfo"/> holds the probe's keys (<c>width, height, frameRate, duration, codec, …</c>).</summary>
public sealed record ReviewableModel
{
    public required string FileId { get; init; }
    public string? ActivityId { get; init; }
    public string? Filename { get; init; }
    public string? Label { get; init; }
    public string? Mimetype { get; init; }
    public string? Availability { get; init; }
    public JsonObject? MediaInfo { get; init; }
}

/// <summary>The reviewables of one version (<c>GET /api/projects/{p}/versions/{id}/reviewables</c>).</summary>
public sealed record VersionReviewables
{
    public required string Id { get; init; }
    public int? Version { get; init; }
    public string? ProductId { get; init; }
    public IReadOnlyList<ReviewableModel> Reviewables { get; init; } = [];
}
