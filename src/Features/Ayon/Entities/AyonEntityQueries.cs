using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Ayon.Entities;

/// <summary>Filter of <see cref="AyonEntityQueries.ListFoldersAsync"/>; null members are not sent.</summary>
public sealed record FolderFilter(
    IReadOnlyCollection<string>? Ids = null,
    IReadOnlyCollection<string>? Names = null,
    IReadOnlyCollection<string>? ParentIds = null);

/// <summary>Filter of <see cref="AyonEntityQueries.ListTasksAsync"/>.</summary>
public sealed record TaskFilter(
    IReadOnlyCollection<string>? Ids = null,
    IReadOnlyCollection<string>? Names = null,
    IReadOnlyCollection<string>? FolderIds = null);

/// <summary>Filter of <see cref="AyonEntityQueries.ListProductsAsync"/>.</summary>
public sealed record ProductFilter(
    IReadOnlyCollection<string>? Ids = null,
    IReadOnlyCollection<string>? Names = null,
    IReadOnlyCollection<string>? FolderIds = null);

/// <summary>Filter of <see cref="AyonEntityQueries.ListVersionsAsync"/>.</summary>
public sealed record VersionFilter(
    IReadOnlyCollection<string>? Ids = null,
    IReadOnlyCollection<string>? ProductIds = null,
    IReadOnlyCollection<string>? TaskIds = null);

/// <summary>Filter of <see cref="AyonEntityQueries.ListActivitiesAsync"/>; <see cref="ChangedAfter"/> compares <c>updatedAt</c> strictly.</summary>
public sealed record ActivityFilter(
    DateTimeOffset ChangedAfter,
    IReadOnlyCollection<string>? ActivityTypes = null,
    IReadOnlyCollection<string>? EntityIds = null);

/// <summary>Filter of <see cref="AyonEntityQueries.ListUsersAsync"/>.</summary>
public sealed record UserFilter(
    IReadOnlyCollection<string>? Names = null,
    IReadOnlyCollection<string>? Emails = null);

/// <summary>
/// The fixed GraphQL documents the port sends (ayon-protocol.md §3.10, open point 1: the emulator
/// matches on the root field and the variables) and paging helpers over them: pages of
/// <see cref="PageSize"/>, following <c>after</c> while <c>hasNextPage</c>; a cursor that does not
/// advance is an error rather than an endless loop.
/// </summary>
public static class AyonEntityQueries
{
    public const int PageSize = 300;

    private const string EntityFields = "id active status tags ownAttrib allAttrib data createdAt updatedAt";
    private const string PageInfo = "pageInfo { endCursor hasNextPage }";

    public const string UsersDocument =
        "query Users($names: [String!], $emails: [String!], $first: Int, $after: String) { "
        + "users(names: $names, emails: $emails, first: $first, after: $after) { "
        + "edges { node { name active createdAt updatedAt accessGroups defaultAccessGroups isAdmin isManager isService isGuest isDeveloper hasPassword attrib { fullName email avatarUrl } } cursor } "
        + PageInfo + " } }";

    public const string FoldersDocument =
        "query Folders($projectName: String!, $ids: [String!], $names: [String!], $parentIds: [String!], $first: Int, $after: String) { "
        + "project(name: $projectName) { folders(ids: $ids, names: $names, parentIds: $parentIds, first: $first, after: $after) { "
        + "edges { node { " + EntityFields + " name label folderType parentId path thumbnailId hasProducts } cursor } " + PageInfo + " } } }";

    public const string TasksDocument =
        "query Tasks($projectName: String!, $ids: [String!], $names: [String!], $folderIds: [String!], $first: Int, $after: String) { "
        + "project(name: $projectName) { tasks(ids: $ids, names: $names, folderIds: $folderIds, first: $first, after: $after) { "
        + "edges { node { " + EntityFields + " name label taskType folderId assignees thumbnailId } cursor } " + PageInfo + " } } }";

    public const string ProductsDocument =
        "query Products($projectName: String!, $ids: [String!], $names: [String!], $folderIds: [String!], $first: Int, $after: String) { "
        + "project(name: $projectName) { products(ids: $ids, names: $names, folderIds: $folderIds, first: $first, after: $after) { "
        + "edges { node { " + EntityFields + " name folderId productType } cursor } " + PageInfo + " } } }";

    public const string VersionsDocument =
        "query Versions($projectName: String!, $ids: [String!], $productIds: [String!], $taskIds: [String!], $first: Int, $after: String) { "
        + "project(name: $projectName) { versions(ids: $ids, productIds: $productIds, taskIds: $taskIds, first: $first, after: $after) { "
        + "edges { node { " + EntityFields + " version productId taskId author thumbnailId } cursor } " + PageInfo + " } } }";

    public const string ActivitiesDocument =
        "query Activities($projectName: String!, $activityTypes: [String!], $entityIds: [String!], $referenceTypes: [String!], $changedAfter: String!, $first: Int, $after: String) { "
        + "project(name: $projectName) { activities(activityTypes: $activityTypes, entityIds: $entityIds, referenceTypes: $referenceTypes, changedAfter: $changedAfter, first: $first, after: $after) { "
        + "edges { node { activityId activityType activityData body entityId entityType author { name } createdAt updatedAt } cursor } " + PageInfo + " } } }";

    public const string EntityListsDocument =
        "query EntityLists($projectName: String!, $ids: [String!], $first: Int, $after: String) { "
        + "project(name: $projectName) { entityLists(ids: $ids, first: $first, after: $after) { "
        + "edges { node { id label entityType entityListType active allAttrib data items { edges { id entityId position } } } cursor } " + PageInfo + " } } }";

    public static Task<IReadOnlyList<UserNode>> ListUsersAsync(this IAyonApi api, UserFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(filter);
        var variables = new JsonObject { ["names"] = ToArray(filter.Names), ["emails"] = ToArray(filter.Emails) };
        return PageAsync(
            "users",
            UsersDocument,
            variables,
            async (query, ct) => (await api.QueryUsersAsync(query, ct)).Require("users").Users,
            cancellationToken);
    }

    public static Task<IReadOnlyList<FolderNode>> ListFoldersAsync(this IAyonApi api, string projectName, FolderFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(filter);
        var variables = new JsonObject
        {
            ["projectName"] = projectName,
            ["ids"] = ToArray(filter.Ids),
            ["names"] = ToArray(filter.Names),
            ["parentIds"] = ToArray(filter.ParentIds),
        };
        return PageAsync(
            "project.folders",
            FoldersDocument,
            variables,
            async (query, ct) => RequireProject(await api.QueryFoldersAsync(query, ct), "folders", projectName).Folders,
            cancellationToken);
    }

    public static Task<IReadOnlyList<TaskNode>> ListTasksAsync(this IAyonApi api, string projectName, TaskFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(filter);
        var variables = new JsonObject
        {
            ["projectName"] = projectName,
            ["ids"] = ToArray(filter.Ids),
            ["names"] = ToArray(filter.Names),
            ["folderIds"] = ToArray(filter.FolderIds),
        };
        return PageAsync(
            "project.tasks",
            TasksDocument,
            variables,
            async (query, ct) => RequireProject(await api.QueryTasksAsync(query, ct), "tasks", projectName).Tasks,
            cancellationToken);
    }

    public static Task<IReadOnlyList<ProductNode>> ListProductsAsync(this IAyonApi api, string projectName, ProductFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(filter);
        var variables = new JsonObject
        {
            ["projectName"] = projectName,
            ["ids"] = ToArray(filter.Ids),
            ["names"] = ToArray(filter.Names),
            ["folderIds"] = ToArray(filter.FolderIds),
        };
        return PageAsync(
            "project.products",
            ProductsDocument,
            variables,
            async (query, ct) => RequireProject(await api.QueryProductsAsync(query, ct), "products", projectName).Products,
            cancellationToken);
    }

    public static Task<IReadOnlyList<VersionNode>> ListVersionsAsync(this IAyonApi api, string projectName, VersionFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(filter);
        var variables = new JsonObject
        {
            ["projectName"] = projectName,
            ["ids"] = ToArray(filter.Ids),
            ["productIds"] = ToArray(filter.ProductIds),
            ["taskIds"] = ToArray(filter.TaskIds),
        };
        return PageAsync(
            "project.versions",
            VersionsDocument,
            variables,
            async (query, ct) => RequireProject(await api.QueryVersionsAsync(query, ct), "versions", projectName).Versions,
            cancellationToken);
    }

    /// <summary>Activities of the project changed after <see cref="ActivityFilter.ChangedAfter"/>, one row per activity (reference type origin).</summary>
    public static Task<IReadOnlyList<ActivityNode>> ListActivitiesAsync(this IAyonApi api, string projectName, ActivityFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(filter);
        var variables = new JsonObject
        {
            ["projectName"] = projectName,
            ["activityTypes"] = ToArray(filter.ActivityTypes),
            ["entityIds"] = ToArray(filter.EntityIds),
            ["referenceTypes"] = new JsonArray("origin"),
            ["changedAfter"] = filter.ChangedAfter.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        return PageAsync(
            "project.activities",
            ActivitiesDocument,
            variables,
            async (query, ct) => RequireProject(await api.QueryActivitiesAsync(query, ct), "activities", projectName).Activities,
            cancellationToken);
    }

    public static Task<IReadOnlyList<EntityListNode>> ListEntityListsAsync(this IAyonApi api, string projectName, IReadOnlyCollection<string>? ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var variables = new JsonObject { ["projectName"] = projectName, ["ids"] = ToArray(ids) };
        return PageAsync(
            "project.entityLists",
            EntityListsDocument,
            variables,
            async (query, ct) => RequireProject(await api.QueryEntityListsAsync(query, ct), "entityLists", projectName).EntityLists,
            cancellationToken);
    }

    /// <summary>
    /// Folders whose own <c>ftrackId</c> attribute is one of <paramref name="ftrackIds"/>. AYON's GraphQL has
    /// no attribute filter, so this lists the project's folders and filters on <c>allAttrib</c>.
    /// </summary>
    public static async Task<IReadOnlyList<FolderNode>> FindFoldersByFtrackIdAsync(this IAyonApi api, string projectName, IReadOnlyCollection<string> ftrackIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ftrackIds);
        var wanted = ftrackIds.ToHashSet(StringComparer.Ordinal);
        return [.. (await api.ListFoldersAsync(projectName, new FolderFilter(), cancellationToken)).Where(f => f.FtrackId is { } id && wanted.Contains(id))];
    }

    /// <summary>Tasks whose own <c>ftrackId</c> attribute is one of <paramref name="ftrackIds"/> (listed, then filtered on <c>allAttrib</c>).</summary>
    public static async Task<IReadOnlyList<TaskNode>> FindTasksByFtrackIdAsync(this IAyonApi api, string projectName, IReadOnlyCollection<string> ftrackIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ftrackIds);
        var wanted = ftrackIds.ToHashSet(StringComparer.Ordinal);
        return [.. (await api.ListTasksAsync(projectName, new TaskFilter(), cancellationToken)).Where(t => t.FtrackId is { } id && wanted.Contains(id))];
    }

    /// <summary>
    /// The project part of an answer. The server answers an unknown project with the error "Project not found" (and no
    /// data); older servers and other readers may give <c>project: null</c>: both become one message naming the project.
    /// </summary>
    internal static TProject RequireProject<TProject>(GraphQlResult<ProjectData<TProject>> result, string queryName, string projectName)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Errors is { Count: > 0 } errors && errors.Any(e => string.Equals(e.Message, "Project not found", StringComparison.Ordinal)))
        {
            throw new AyonGraphQlException($"AYON project '{projectName}' does not exist.");
        }

        return result.Require(queryName).Project ?? throw new AyonGraphQlException($"AYON project '{projectName}' does not exist.");
    }

    private static JsonArray? ToArray(IReadOnlyCollection<string>? values) =>
        values is null ? null : new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    private static async Task<IReadOnlyList<TNode>> PageAsync<TNode>(
        string name,
        string document,
        JsonObject variables,
        Func<GraphQlRequest, CancellationToken, Task<GraphQlConnection<TNode>>> fetch,
        CancellationToken cancellationToken)
    {
        var nodes = new List<TNode>();
        string? after = null;
        while (true)
        {
            var pageVariables = (JsonObject)variables.DeepClone();
            pageVariables["first"] = PageSize;
            pageVariables["after"] = after;
            var page = await fetch(new GraphQlRequest(document, pageVariables), cancellationToken);
            nodes.AddRange(page.Edges.Select(e => e.Node));
            if (!page.PageInfo.HasNextPage || page.Edges.Count == 0)
            {
                return nodes;
            }

            var next = page.PageInfo.EndCursor;
            if (next is null || next == after)
            {
                throw new AyonGraphQlException($"AYON GraphQL query {name} reported more pages but its cursor did not advance.");
            }

            after = next;
        }
    }
}
