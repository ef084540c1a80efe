using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;

namespace AyonFtrack.Features.Anatomy;

/// <summary>One representation as the actions need it: its files (rootless paths) and the template data it was published with.</summary>
public sealed record RepresentationFiles(string Id, string Name, string VersionId, IReadOnlyList<string> Files, JsonObject Context);

/// <summary>
/// Reads of AYON for the anatomy: the project (its config holds roots and templates, as ayon-core reads them) and
/// representations with their files and context (GraphQL, as ayon-python-api's <c>get_representations</c>).
/// </summary>
public static class AnatomyReads
{
    /// <summary>The GraphQL document of representations by versions and names, paged.</summary>
    public const string RepresentationsDocument =
        "query Representations($projectName: String!, $ids: [String!], $names: [String!], $versionIds: [String!], $first: Int, $after: String) { "
        + "project(name: $projectName) { representations(ids: $ids, names: $names, versionIds: $versionIds, first: $first, after: $after) { "
        + "edges { node { id name versionId context files { id name path size } } cursor } pageInfo { endCursor hasNextPage } } } }";

    /// <summary>The anatomy of AYON project <paramref name="projectName"/>, or null when AYON has no such project.</summary>
    /// <exception cref="AnatomyException">The project's config cannot be read as an anatomy.</exception>
    public static async Task<(ProjectModel Project, ProjectAnatomy Anatomy)?> ReadAsync(IAyonApi api, string projectName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        using var response = await api.GetProjectAsync(projectName, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode || response.Content is not { } project)
        {
            throw (Exception?)response.Error ?? new InvalidOperationException($"AYON answered {response.StatusCode} for project {projectName}.");
        }

        return (project, ProjectAnatomy.FromProjectConfig(project.Name, project.Code, project.Config));
    }

    /// <summary>The representations of <paramref name="versionIds"/>, only those named in <paramref name="names"/> when given.</summary>
    public static async Task<IReadOnlyList<RepresentationFiles>> ListRepresentationsAsync(
        IAyonApi api, string projectName, IReadOnlyCollection<string> versionIds, IReadOnlyCollection<string>? names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(versionIds);
        var output = new List<RepresentationFiles>();
        if (versionIds.Count == 0)
        {
            return output;
        }

        string? after = null;
        while (true)
        {
            var variables = new JsonObject
            {
                ["projectName"] = projectName,
                ["versionIds"] = new JsonArray([.. versionIds.Select(v => (JsonNode?)v)]),
                ["names"] = names is null ? null : new JsonArray([.. names.Select(n => (JsonNode?)n)]),
                ["first"] = AyonEntityQueries.PageSize,
                ["after"] = after,
            };
            var response = await api.GraphQlAsync(new GraphQlRequest(RepresentationsDocument, variables), cancellationToken);
            if (response.Errors is { Count: > 0 } errors)
            {
                throw new AyonGraphQlException($"AYON refused the representations query: {errors[0].Message}");
            }

            if (response.Data is not { } data || !data.TryGetProperty("project", out var project) || project.ValueKind != JsonValueKind.Object)
            {
                throw new AyonGraphQlException($"AYON project '{projectName}' does not exist.");
            }

            var connection = project.GetProperty("representations");
            foreach (var edge in connection.GetProperty("edges").EnumerateArray())
            {
                var node = edge.GetProperty("node");
                var files = node.TryGetProperty("files", out var fileList) && fileList.ValueKind == JsonValueKind.Array
                    ? [.. fileList.EnumerateArray().Select(f => f.TryGetProperty("path", out var p) ? p.GetString() : null).OfType<string>()]
                    : new List<string>();
                var context = node.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.String
                    ? GraphQlJson.ParseObject(c.GetString(), "representation.context") ?? []
                    : [];
                output.Add(new RepresentationFiles(node.GetProperty("id").GetString()!, node.GetProperty("name").GetString()!, node.GetProperty("versionId").GetString()!, files, context));
            }

            var pageInfo = connection.GetProperty("pageInfo");
            var next = pageInfo.TryGetProperty("endCursor", out var cursor) && cursor.ValueKind == JsonValueKind.String ? cursor.GetString() : null;
            if (!pageInfo.GetProperty("hasNextPage").GetBoolean() || next is null || next == after)
            {
                return output;
            }

            after = next;
        }
    }
}
