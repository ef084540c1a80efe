namespace AyonFtrack.Features.Ftrack;

/// <summary>The Assets and AssetVersions published under a set of contexts (shots, asset builds, folders), read in chunks.</summary>
public static class FtrackAssets
{
    private const int Chunk = 200;

    /// <summary>The ids of the Assets whose context is one of <paramref name="contextIds"/>.</summary>
    public static async Task<IReadOnlyList<string>> AssetIdsUnderAsync(FtrackSession session, IReadOnlyList<string> contextIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(contextIds);
        var result = new List<string>();
        foreach (var chunk in contextIds.Chunk(Chunk))
        {
            result.AddRange(await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.Asset).Select("id").Where(FtrackFilter.In("context_id", chunk)), e => e.Id, cancellationToken));
        }

        return result;
    }

    /// <summary>The ids of the AssetVersions of the Assets under <paramref name="contextIds"/>.</summary>
    public static async Task<IReadOnlyList<string>> VersionIdsUnderAsync(FtrackSession session, IReadOnlyList<string> contextIds, CancellationToken cancellationToken)
    {
        var result = new List<string>();
        foreach (var chunk in (await AssetIdsUnderAsync(session, contextIds, cancellationToken)).Chunk(Chunk))
        {
            result.AddRange(await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.AssetVersion).Select("id").Where(FtrackFilter.In("asset_id", chunk)), e => e.Id, cancellationToken));
        }

        return result;
    }
}
