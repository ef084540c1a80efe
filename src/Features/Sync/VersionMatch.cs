using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Features.Sync.Planning;
using AyonFtrack.Server.CustomAttributes;
using FtrackEntityTypes = AyonFtrack.Features.Ftrack.FtrackEntityTypes;

namespace AyonFtrack.Features.Sync;

/// <summary>An ftrack AssetVersion as the version matching sees it.</summary>
/// <param name="Id">The AssetVersion id.</param>
/// <param name="Number">Its version number.</param>
/// <param name="AssetName">The name of its Asset (an AYON product's name).</param>
/// <param name="ContextId">The Asset's context (an AYON folder's ftrack id).</param>
/// <param name="StoredAyonId">Its stored <c>ayon_id</c> value, or null.</param>
public sealed record FtrackVersionInfo(string Id, int? Number, string? AssetName, string? ContextId, string? StoredAyonId)
{
    /// <summary>The name of its status, or null.</summary>
    public string? StatusName { get; init; }

    /// <summary>Its stored custom attribute values by configuration id.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Values { get; init; } = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
}

/// <summary>What <see cref="VersionMatch.MapAsync"/> found: the AYON version id of each matched AssetVersion, and the AssetVersions read.</summary>
public sealed record VersionMatchResult(IReadOnlyDictionary<string, string> AyonIds, IReadOnlyList<FtrackVersionInfo> Versions);

/// <summary>
/// ftrack AssetVersions → AYON versions, for the items of version lists (behaviour reference P-16 step 5, §6 version
/// mapping). In order: the stored <c>ayon_id</c> when that AYON version exists; the AYON version whose <c>ftrackId</c>
/// is the AssetVersion; else the original's guess for versions published before ids were stored: the Asset's context
/// → its AYON folder → the product of the Asset's name (case-insensitive; else the first product whose name the Asset
/// name contains) → the version of the same number. Each AYON version answers one AssetVersion. The ids found are
/// written back to the AssetVersions' <c>ayon_id</c> where it differs, so the next lookup is direct.
/// </summary>
public static class VersionMatch
{
    private const int Chunk = 200;

    /// <summary>The AYON version id of each AssetVersion of <paramref name="ftrack"/> that has one (pure).</summary>
    public static IReadOnlyDictionary<string, string> Match(
        IReadOnlyList<FtrackVersionInfo> ftrack,
        IReadOnlyDictionary<string, string> folderByContext,
        IReadOnlyList<ProductNode> products,
        IReadOnlyList<VersionNode> versions)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(folderByContext);
        ArgumentNullException.ThrowIfNull(products);
        ArgumentNullException.ThrowIfNull(versions);
        var byId = versions.ToDictionary(v => v.Id, StringComparer.Ordinal);
        var byFtrackId = versions.Where(v => v.FtrackId is not null).GroupBy(v => v.FtrackId!, StringComparer.Ordinal)
            .Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var version in ftrack)
        {
            if (version.StoredAyonId is { } stored && byId.ContainsKey(stored) && claimed.Add(stored))
            {
                result[version.Id] = stored;
            }
        }

        foreach (var version in ftrack.Where(v => !result.ContainsKey(v.Id)))
        {
            if (byFtrackId.TryGetValue(version.Id, out var linked) && claimed.Add(linked.Id))
            {
                result[version.Id] = linked.Id;
            }
        }

        var productsByFolder = products.ToLookup(p => p.FolderId, StringComparer.Ordinal);
        var versionsByProduct = versions.ToLookup(v => v.ProductId, StringComparer.Ordinal);
        foreach (var version in ftrack.Where(v => !result.ContainsKey(v.Id)))
        {
            if (version is not { Number: { } number, AssetName: { Length: > 0 } assetName, ContextId: { } contextId }
                || !folderByContext.TryGetValue(contextId, out var folderId))
            {
                continue;
            }

            var inFolder = productsByFolder[folderId].OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            var product = inFolder.FirstOrDefault(p => string.Equals(p.Name, assetName, StringComparison.OrdinalIgnoreCase))
                ?? inFolder.FirstOrDefault(p => assetName.Contains(p.Name, StringComparison.OrdinalIgnoreCase));
            if (product is not null && versionsByProduct[product.Id].FirstOrDefault(v => v.Version == number && !claimed.Contains(v.Id)) is { } guessed)
            {
                claimed.Add(guessed.Id);
                result[version.Id] = guessed.Id;
            }
        }

        return result;
    }

    /// <summary>
    /// Reads both sides for <paramref name="versionIds"/> and matches them; <paramref name="folderByContext"/> (ftrack
    /// context id → AYON folder id) saves the folder lookup when the caller has it. With <paramref name="writeChunk"/>,
    /// the found ids are written back to ftrack's <c>ayon_id</c> in commits of that size.
    /// </summary>
    public static async Task<VersionMatchResult> MapAsync(
        FtrackSession session,
        IAyonApi ayon,
        string projectName,
        IReadOnlyCollection<string> versionIds,
        IReadOnlyDictionary<string, string>? folderByContext,
        int? writeChunk,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(versionIds);
        if (versionIds.Count == 0)
        {
            return new VersionMatchResult(new Dictionary<string, string>(StringComparer.Ordinal), []);
        }

        var (configurationId, ftrack) = await LoadFtrackAsync(session, [.. versionIds.Distinct(StringComparer.Ordinal)], cancellationToken);
        var folders = new Dictionary<string, string>(folderByContext ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var unknownContexts = ftrack.Select(v => v.ContextId).OfType<string>().Where(c => !folders.ContainsKey(c)).Distinct(StringComparer.Ordinal).ToList();
        if (unknownContexts.Count > 0)
        {
            await FoldersOfContextsAsync(session, ayon, projectName, configurationId, unknownContexts, folders, cancellationToken);
        }

        var folderIds = ftrack.Select(v => v.ContextId).OfType<string>().Where(folders.ContainsKey).Select(c => folders[c]).Distinct(StringComparer.Ordinal).ToList();
        var products = folderIds.Count > 0 ? await ayon.ListProductsAsync(projectName, new ProductFilter(FolderIds: folderIds), cancellationToken) : [];
        var versions = products.Count > 0 ? [.. await ayon.ListVersionsAsync(projectName, new VersionFilter(ProductIds: [.. products.Select(p => p.Id)]), cancellationToken)] : new List<VersionNode>();
        var known = versions.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var stored = ftrack.Select(v => v.StoredAyonId).OfType<string>().Where(id => !known.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
        if (stored.Count > 0)
        {
            versions.AddRange(await ayon.ListVersionsAsync(projectName, new VersionFilter(Ids: stored), cancellationToken));
        }

        var matched = Match(ftrack, folders, products, versions);
        if (writeChunk is { } chunk && configurationId is not null)
        {
            var writes = ftrack.Where(v => matched.TryGetValue(v.Id, out var ayonId) && ayonId != v.StoredAyonId)
                .Select(v => new FtrackBackWrite(v.Id, FtrackEntityTypes.AssetVersion, configurationId, FtrackCustomAttributeKeys.AyonId, JsonValue.Create(matched[v.Id])))
                .ToList();
            await ProjectSync.WriteBackAsync(session, writes, chunk, cancellationToken);
        }

        return new VersionMatchResult(matched, ftrack);
    }

    /// <summary>
    /// Adds the AYON folder of each context to <paramref name="folders"/>: through the context's stored <c>ayon_id</c>
    /// (one ftrack query, one AYON query by ids), and only for the contexts still unknown by listing the project's
    /// folders and matching their <c>ftrackId</c> (a context whose write-back never happened).
    /// </summary>
    private static async Task FoldersOfContextsAsync(
        FtrackSession session, IAyonApi ayon, string projectName, string? configurationId, IReadOnlyList<string> contexts, Dictionary<string, string> folders, CancellationToken cancellationToken)
    {
        if (configurationId is not null)
        {
            var stored = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var chunk in contexts.Chunk(Chunk))
            {
                foreach (var row in await session.QueryAsync(ProjectSnapshots.ValuesQuery(chunk, [configurationId]), cancellationToken))
                {
                    if (row.GetString("entity_id") is { } context && row["value"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } ayonId)
                    {
                        stored[context] = ayonId;
                    }
                }
            }

            if (stored.Count > 0)
            {
                var found = (await ayon.ListFoldersAsync(projectName, new FolderFilter(Ids: [.. stored.Values.Distinct(StringComparer.Ordinal)]), cancellationToken))
                    .ToDictionary(f => f.Id, StringComparer.Ordinal);
                foreach (var (context, ayonId) in stored)
                {
                    if (found.TryGetValue(ayonId, out var folder) && (folder.FtrackId is null || folder.FtrackId == context))
                    {
                        folders[context] = ayonId;
                    }
                }
            }
        }

        var unknown = contexts.Where(c => !folders.ContainsKey(c)).ToList();
        if (unknown.Count > 0)
        {
            foreach (var group in (await ayon.FindFoldersByFtrackIdAsync(projectName, unknown, cancellationToken)).GroupBy(f => f.FtrackId!, StringComparer.Ordinal).Where(g => g.Count() == 1))
            {
                folders[group.Key] = group.Single().Id;
            }
        }
    }

    private static async Task<(string? ConfigurationId, IReadOnlyList<FtrackVersionInfo> Versions)> LoadFtrackAsync(FtrackSession session, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        string? configurationId = null;
        var result = new List<FtrackVersionInfo>();
        foreach (var chunk in ids.Chunk(Chunk))
        {
            var rows = await FtrackBatch.QueryAsync(session,
            [
                FtrackQuery.From(FtrackEntityTypes.CustomAttributeConfiguration).Select("id", "key").Where(FtrackFilter.Is("key", FtrackCustomAttributeKeys.AyonId)),
                FtrackQuery.From(FtrackEntityTypes.AssetVersion).Select("id", "version", "asset.name", "asset.context_id", "status.name").Where(FtrackFilter.In("id", chunk)),
                FtrackQuery.From(FtrackEntityTypes.CustomAttributeValue).Select("configuration_id", "entity_id", "value").Where(FtrackFilter.In("entity_id", chunk)),
            ], cancellationToken);
            configurationId ??= rows[0].Count > 0 ? rows[0][0].Id : null;
            var values = rows[2].Where(r => r.GetString("entity_id") is not null && r.GetString("configuration_id") is not null)
                .GroupBy(r => r.GetString("entity_id")!, StringComparer.Ordinal)
                .ToDictionary(
                    g => g.Key,
                    g => (IReadOnlyDictionary<string, JsonNode?>)g.GroupBy(r => r.GetString("configuration_id")!, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.First()["value"]?.DeepClone(), StringComparer.Ordinal),
                    StringComparer.Ordinal);
            foreach (var version in rows[1])
            {
                var asset = version.GetEntity("asset");
                var own = values.GetValueOrDefault(version.Id) ?? new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                var stored = configurationId is not null && own.GetValueOrDefault(configurationId) is JsonValue v && v.GetValueKind() == JsonValueKind.String
                    && v.GetValue<string>() is { Length: > 0 } s ? s : null;
                result.Add(new FtrackVersionInfo(
                    version.Id,
                    FtrackValue.ReadInt64(version["version"]) is { } number ? checked((int)number) : null,
                    asset?.GetString("name"),
                    asset?.GetString("context_id"),
                    stored)
                {
                    StatusName = version.GetEntity("status")?.GetString("name"),
                    Values = own,
                });
            }
        }

        return (configurationId, result);
    }
}
