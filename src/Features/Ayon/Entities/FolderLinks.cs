using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Ayon.Entities;

/// <summary><c>{ folders: connection }</c> of folders with their links.</summary>
public sealed record ProjectFolderLinks(GraphQlConnection<FolderLinksNode> Folders);

/// <summary>A folder with its links of one direction.</summary>
public sealed record FolderLinksNode
{
    public required string Id { get; init; }
    public FolderLinkConnection Links { get; init; } = new();
}

/// <summary>The <c>links</c> connection of an entity (each edge is one link).</summary>
public sealed record FolderLinkConnection
{
    public IReadOnlyList<FolderLinkEdge> Edges { get; init; } = [];
}

/// <summary>One link seen from an entity: <see cref="EntityId"/> is the other end, <see cref="Direction"/> <c>in</c> or <c>out</c>.</summary>
public sealed record FolderLinkEdge
{
    public required string Id { get; init; }
    public required string LinkType { get; init; }
    public required string Direction { get; init; }
    public required string EntityId { get; init; }
    public string? EntityType { get; init; }
    public string? Name { get; init; }
}

/// <summary>One AYON link between two entities (<see cref="Input"/> → <see cref="Output"/>) of type <see cref="LinkType"/> (<c>breakdown|folder|folder</c>).</summary>
public sealed record AyonLink(string Id, string LinkType, string Input, string Output);

/// <summary>Reads folder links through GraphQL (AYON has no REST listing of links).</summary>
public static class AyonLinkQueries
{
    public const string FolderLinksDocument =
        "query FolderLinks($projectName: String!, $ids: [String!], $linkTypes: [String!], $direction: String, $first: Int, $after: String) { "
        + "project(name: $projectName) { folders(ids: $ids, first: $first, after: $after) { "
        + "edges { node { id links(direction: $direction, linkTypes: $linkTypes) { edges { id linkType direction entityId entityType name } } } cursor } "
        + "pageInfo { endCursor hasNextPage } } } }";

    /// <summary>
    /// The outgoing links of the project's folders (all folders when <paramref name="folderIds"/> is null), optionally
    /// only of the full link type names in <paramref name="linkTypes"/>. Each link appears once, as input → output.
    /// </summary>
    public static async Task<IReadOnlyList<AyonLink>> ListFolderLinksAsync(
        this IAyonApi api, string projectName, IReadOnlyCollection<string>? folderIds, IReadOnlyCollection<string>? linkTypes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var links = new List<AyonLink>();
        string? after = null;
        while (true)
        {
            var variables = new JsonObject
            {
                ["projectName"] = projectName,
                ["ids"] = folderIds is null ? null : new JsonArray([.. folderIds.Select(v => (JsonNode?)JsonValue.Create(v))]),
                ["linkTypes"] = linkTypes is null ? null : new JsonArray([.. linkTypes.Select(v => (JsonNode?)JsonValue.Create(v))]),
                ["direction"] = "out",
                ["first"] = AyonEntityQueries.PageSize,
                ["after"] = after,
            };
            var page = AyonEntityQueries.RequireProject(await api.QueryFolderLinksAsync(new GraphQlRequest(FolderLinksDocument, variables), cancellationToken), "folder links", projectName).Folders;
            foreach (var folder in page.Edges.Select(e => e.Node))
            {
                links.AddRange(folder.Links.Edges.Where(l => l.Direction == "out").Select(l => new AyonLink(l.Id, l.LinkType, folder.Id, l.EntityId)));
            }

            if (!page.PageInfo.HasNextPage || page.Edges.Count == 0)
            {
                return links;
            }

            if (page.PageInfo.EndCursor is not { } next || next == after)
            {
                throw new AyonGraphQlException("AYON GraphQL query project.folders.links reported more pages but its cursor did not advance.");
            }

            after = next;
        }
    }
}
