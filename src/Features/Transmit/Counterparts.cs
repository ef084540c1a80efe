using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Transmit;

/// <summary>The current state of an AYON entity, as much as the transmitter compares with ftrack.</summary>
public sealed record AyonEntityState(
    string EntityType,
    string Id,
    string Name,
    string? Label,
    string? ParentId,
    string? Status,
    JsonObject Attrib,
    IReadOnlyList<string> OwnAttrib,
    string? SubType,
    IReadOnlyList<string> Assignees,
    string? ThumbnailId)
{
    /// <summary>The linked ftrack id (<c>attrib.ftrackId</c>), or null when missing or marked removed.</summary>
    public string? FtrackId => Counterparts.FtrackIdOf(Attrib);

    /// <summary>The version number (versions only).</summary>
    public int? VersionNumber { get; init; }
}

/// <summary>
/// How the transmitter finds the counterpart of an AYON entity in ftrack (behaviour reference §6): AYON's
/// <c>attrib.ftrackId</c> first, then the ftrack entity whose <c>ayon_id</c> custom attribute holds the AYON id, and
/// for projects the ftrack project whose <c>full_name</c> is the AYON project name.
/// </summary>
public static class Counterparts
{
    public const string FtrackIdAttribute = "ftrackId";
    public const string RemovedId = "removed";
    public const string AyonIdKey = "ayon_id";
    public const string AyonListTypeKey = "ayon_list_type";

    /// <summary>The fields read from a TypedContext.</summary>
    public static readonly string[] ContextProjections =
        ["id", "name", "parent_id", "project_id", "object_type_id", "context_type", "status_id", "description", "start_date", "end_date"];

    /// <summary><c>attrib.ftrackId</c> unless empty or <c>removed</c>.</summary>
    public static string? FtrackIdOf(JsonObject? attrib) =>
        AyonChange.Text(attrib?[FtrackIdAttribute]) is { Length: > 0 } id && id != RemovedId ? id : null;

    /// <summary>The ftrack entity type that holds an AYON entity type.</summary>
    public static string FtrackTypeOf(string ayonEntityType) => ayonEntityType switch
    {
        "project" => "Project",
        "folder" or "task" => "TypedContext",
        "product" => "Asset",
        "version" => "AssetVersion",
        _ => throw new ArgumentException($"AYON entity type '{ayonEntityType}' has no ftrack counterpart.", nameof(ayonEntityType)),
    };

    /// <summary>Reads an AYON entity by REST (mapped by <see cref="AyonEntityStateMapping"/>); null when it does not exist (any more).</summary>
    public static async Task<AyonEntityState?> ReadAyonAsync(IAyonApi ayon, string project, string entityType, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        switch (entityType)
        {
            case "project":
                var p = await ayon.GetProjectAsync(project, cancellationToken);
                return p.IsSuccessful && p.Content is { } pm ? AyonEntityStateMapping.From(pm) : null;
            case "folder":
                var f = await ayon.GetFolderAsync(project, id, cancellationToken);
                return f.IsSuccessful && f.Content is { } fm ? AyonEntityStateMapping.From(fm) : null;
            case "task":
                var t = await ayon.GetTaskAsync(project, id, cancellationToken);
                return t.IsSuccessful && t.Content is { } tm ? AyonEntityStateMapping.From(tm) : null;
            case "product":
                var pr = await ayon.GetProductAsync(project, id, cancellationToken);
                return pr.IsSuccessful && pr.Content is { } prm ? AyonEntityStateMapping.From(prm) : null;
            case "version":
                var v = await ayon.GetVersionAsync(project, id, cancellationToken);
                return v.IsSuccessful && v.Content is { } vm ? AyonEntityStateMapping.From(vm) : null;
            default:
                return null;
        }
    }

    /// <summary>The id of the <c>ayon_id</c> configuration (hierarchical first), or null when ftrack has none.</summary>
    public static async Task<string?> AyonIdConfigurationAsync(FtrackSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var rows = await session.QueryAsync(
            FtrackQuery.From("CustomAttributeConfiguration").Select("id", "key", "is_hierarchical").Where(FtrackFilter.Is("key", AyonIdKey)),
            cancellationToken);
        return rows.OrderByDescending(r => r.GetBoolean("is_hierarchical") == true).FirstOrDefault()?.Id;
    }

    /// <summary>The ids of ftrack entities whose <c>ayon_id</c> is <paramref name="ayonId"/>.</summary>
    public static async Task<IReadOnlyList<string>> FindByAyonIdAsync(FtrackSession session, string ayonId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (await AyonIdConfigurationAsync(session, cancellationToken) is not { } configuration)
        {
            return [];
        }

        var rows = await session.QueryAsync(
            FtrackQuery.From("CustomAttributeValue").Select("entity_id", "value", "configuration_id")
                .Where(FtrackFilter.Is("configuration_id", configuration).And(FtrackFilter.Is("value", ayonId))),
            cancellationToken);
        return [.. rows.Select(r => r.GetString("entity_id")).OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The ftrack counterpart of <paramref name="entity"/> of the AYON project <paramref name="project"/>: by
    /// <c>ftrackId</c>, else by <c>ayon_id</c>, else (projects) by full name. Null when there is none.
    /// </summary>
    public static async Task<FtrackEntity?> FindAsync(FtrackSession session, string project, AyonEntityState entity, IReadOnlyList<string> projections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(entity);
        return await FindAsync(session, project, entity.EntityType, entity.Id, entity.FtrackId, projections, cancellationToken);
    }

    /// <inheritdoc cref="FindAsync(FtrackSession, string, AyonEntityState, IReadOnlyList{string}, CancellationToken)"/>
    public static async Task<FtrackEntity?> FindAsync(FtrackSession session, string project, string entityType, string ayonId, string? ftrackId, IReadOnlyList<string> projections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var type = FtrackTypeOf(entityType);
        if (ftrackId is not null && await session.GetAsync(type, ftrackId, projections, cancellationToken) is { } linked)
        {
            return linked;
        }

        if (entityType == "project")
        {
            var query = FtrackQuery.From("Project").Where(FtrackFilter.Is("full_name", project));
            return await session.QueryFirstAsync(projections.Count > 0 ? query.Select([.. projections]) : query, cancellationToken);
        }

        foreach (var id in await FindByAyonIdAsync(session, ayonId, cancellationToken))
        {
            if (await session.GetAsync(type, id, projections, cancellationToken) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// <see cref="FindAsync(FtrackSession, string, AyonEntityState, IReadOnlyList{string}, CancellationToken)"/>, and for
    /// a version that is linked by neither id the original's guess: product → folder → its ftrack counterpart → the
    /// Asset of the product's name (case-insensitive) → the AssetVersion of the same number.
    /// </summary>
    public static async Task<FtrackEntity?> ResolveAsync(IAyonApi ayon, FtrackSession session, string project, AyonEntityState entity, IReadOnlyList<string> projections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (await FindAsync(session, project, entity, projections, cancellationToken) is { } found)
        {
            return found;
        }

        if (entity.EntityType != "version" || entity.ParentId is null || entity.VersionNumber is not { } number)
        {
            return null;
        }

        var product = await ReadAyonAsync(ayon, project, "product", entity.ParentId, cancellationToken);
        var folder = product?.ParentId is { } folderId ? await ReadAyonAsync(ayon, project, "folder", folderId, cancellationToken) : null;
        var ftFolder = folder is null ? null : await FindAsync(session, project, folder, ["id"], cancellationToken);
        if (product is null || ftFolder is null)
        {
            return null;
        }

        var assets = await session.QueryAsync(FtrackQuery.From("Asset").Select("id", "name").Where(FtrackFilter.Is("context_id", ftFolder.Id)), cancellationToken);
        var asset = assets.FirstOrDefault(a => string.Equals(a.GetString("name"), product.Name, StringComparison.OrdinalIgnoreCase));
        if (asset is null)
        {
            return null;
        }

        var query = FtrackQuery.From("AssetVersion").Where(FtrackFilter.Is("asset_id", asset.Id).And(FtrackFilter.Is("version", number)));
        return await session.QueryFirstAsync(projections.Count > 0 ? query.Select([.. projections]) : query, cancellationToken);
    }

    /// <summary>The ftrack project of an AYON project (by the project's <c>ftrackId</c>, else by full name).</summary>
    public static async Task<FtrackEntity?> FindProjectAsync(IAyonApi ayon, FtrackSession session, string project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        var read = await ayon.GetProjectAsync(project, cancellationToken);
        var ftrackId = read.IsSuccessful ? FtrackIdOf(read.Content?.Attrib) : null;
        return await FindAsync(session, project, "project", project, ftrackId, ["id", "full_name", "name", "project_schema_id"], cancellationToken);
    }

    /// <summary>The ftrack id of an AYON folder, task or version read through GraphQL (<c>allAttrib.ftrackId</c>).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> FtrackIdsAsync(IAyonApi ayon, string project, string entityType, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        if (ids.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        IEnumerable<EntityNode> nodes = entityType switch
        {
            "folder" => await ayon.ListFoldersAsync(project, new FolderFilter(Ids: ids), cancellationToken),
            "task" => await ayon.ListTasksAsync(project, new TaskFilter(Ids: ids), cancellationToken),
            "version" => await ayon.ListVersionsAsync(project, new VersionFilter(Ids: ids), cancellationToken),
            _ => [],
        };
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (FtrackIdOf(node.ParseAllAttrib()) is { } ftrackId)
            {
                result[node.Id] = ftrackId;
            }
        }

        return result;
    }
}
