using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// AYON product ↔ ftrack Asset (behaviour reference §6): a product has no link attribute, so its Asset is the one of
/// the same name (case-insensitive) under the ftrack counterpart of the product's folder. A new Asset gets the
/// AssetType whose short name (or name) is the product type, else <c>upload</c>.
/// </summary>
public static class ProductAssets
{
    /// <summary>The AssetType short name used when no type matches the product type.</summary>
    public const string FallbackTypeShort = "upload";

    /// <summary>An ftrack AssetType: id, name and short name.</summary>
    public sealed record AssetTypeRow(string Id, string Name, string ShortName);

    /// <summary>The Asset named <paramref name="name"/> (case-insensitive) under the ftrack context <paramref name="contextId"/>, or null.</summary>
    public static async Task<FtrackEntity?> FindAsync(FtrackSession session, string contextId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var assets = await session.QueryAsync(FtrackQuery.From("Asset").Select("id", "name", "context_id", "type_id").Where(FtrackFilter.Is("context_id", contextId)), cancellationToken);
        return assets.FirstOrDefault(a => string.Equals(a.GetString("name"), name, StringComparison.Ordinal))
            ?? assets.FirstOrDefault(a => string.Equals(a.GetString("name"), name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The AssetType for a product type: short name, then name (case-insensitive), then <see cref="FallbackTypeShort"/>; null when ftrack has none of them.</summary>
    public static AssetTypeRow? DecideType(string? productType, IReadOnlyList<AssetTypeRow> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        return types.FirstOrDefault(t => string.Equals(t.ShortName, productType, StringComparison.OrdinalIgnoreCase))
            ?? types.FirstOrDefault(t => string.Equals(t.Name, productType, StringComparison.OrdinalIgnoreCase))
            ?? types.FirstOrDefault(t => string.Equals(t.ShortName, FallbackTypeShort, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Adds the creation of an Asset to the session's batch (not committed); null when ftrack has no fitting AssetType.</summary>
    public static async Task<FtrackEntityRef?> CreateAsync(FtrackSession session, string contextId, string name, string? productType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var types = await session.QueryAsync(
            FtrackQuery.From("AssetType").Select("id", "name", "short"),
            r => new AssetTypeRow(r.Id, r.GetString("name") ?? "", r.GetString("short") ?? ""),
            cancellationToken);
        return DecideType(productType, types) is { } type
            ? session.Create("Asset", new Dictionary<string, object?> { ["name"] = name, ["context_id"] = contextId, ["type_id"] = type.Id })
            : null;
    }
}
