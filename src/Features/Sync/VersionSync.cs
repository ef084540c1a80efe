using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Features.Sync.Planning;
using AyonFtrack.Server.CustomAttributes;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// ftrack AssetVersions → AYON versions: status and mapped attributes (P-16 step 2 for <c>assetversion</c> updates, and
/// P-22 step 12 when <c>sync_versions</c> is on). Versions are found by <see cref="VersionMatch"/>. A status is set when
/// the AYON project has a status of that name (case-insensitive) for versions; when it has none, the project's statuses
/// are rebuilt from ftrack first. Attributes are the mapped ones the AssetVersion stores a value for, converted by ftrack
/// type, for AYON attributes whose scope holds <c>version</c>. Only differences are written.
/// </summary>
public static class VersionSync
{
    private const string ContextType = "assetversion";

    /// <summary>True when a matched AssetVersion's status has no AYON project status for versions.</summary>
    public static bool NeedsStatuses(VersionMatchResult match, IReadOnlyList<ProjectStatusItem> statuses)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(statuses);
        return match.Versions.Any(v => match.AyonIds.ContainsKey(v.Id) && v.StatusName is not null && StatusFor(v.StatusName, statuses) is null);
    }

    /// <summary>The AYON version updates for the matched AssetVersions (pure).</summary>
    public static IReadOnlyList<OperationModel> Plan(
        VersionMatchResult match,
        IReadOnlyList<VersionNode> ayonVersions,
        IReadOnlyList<ProjectStatusItem> statuses,
        IReadOnlyDictionary<string, AttributeMappingEntry> mapping,
        IReadOnlyList<FtrackConfigurationInfo> configurations,
        IReadOnlyList<AttributeModel> attributes)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(ayonVersions);
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentNullException.ThrowIfNull(attributes);
        var byId = ayonVersions.ToDictionary(v => v.Id, StringComparer.Ordinal);
        var confById = configurations.ToDictionary(c => c.Configuration.Id, StringComparer.Ordinal);
        var versionScoped = attributes.Where(a => a.Scope.Contains(AyonEntityTypes.Version, StringComparer.Ordinal)).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var operations = new List<OperationModel>();
        foreach (var version in match.Versions)
        {
            if (!match.AyonIds.TryGetValue(version.Id, out var ayonId) || !byId.TryGetValue(ayonId, out var current))
            {
                continue;
            }

            var data = new JsonObject();
            if (version.StatusName is { } statusName && StatusFor(statusName, statuses) is { } status && !string.Equals(current.Status, status, StringComparison.Ordinal))
            {
                data["status"] = status;
            }

            var own = current.ParseAllAttrib();
            var attrib = new JsonObject();
            foreach (var (name, entry) in mapping.Where(m => versionScoped.Contains(m.Key)))
            {
                if (entry.ConfigurationFor(ContextType, null) is { } configuration
                    && version.Values.TryGetValue(configuration.Id, out var stored)
                    && confById.TryGetValue(configuration.Id, out var info)
                    && SyncConventions.ConvertValue(name, info.TypeName, info.Config, stored) is { } converted
                    && !SyncConventions.SameValue(own[name], converted))
                {
                    attrib[name] = converted;
                }
            }

            if (attrib.Count > 0)
            {
                data["attrib"] = attrib;
            }

            if (data.Count > 0)
            {
                operations.Add(OperationModel.Update(AyonEntityTypes.Version, ayonId, data));
            }
        }

        return operations;
    }

    /// <summary>
    /// Reads the AssetVersions <paramref name="versionIds"/> and their AYON versions and writes the differences; returns
    /// the number of AYON writes (the statuses rebuild included).
    /// </summary>
    public static async Task<int> ApplyAsync(
        FtrackSession session,
        IAyonApi ayon,
        FtrackProjectState ftrack,
        IReadOnlyList<ProjectStatusItem> statuses,
        IReadOnlyDictionary<string, AttributeMappingEntry> mapping,
        IReadOnlyList<AttributeModel> attributes,
        IReadOnlyCollection<string> versionIds,
        IReadOnlyDictionary<string, string>? folderByContext,
        SyncOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(options);
        var match = await VersionMatch.MapAsync(session, ayon, ftrack.FullName, versionIds, folderByContext, options.FtrackWriteChunk, cancellationToken);
        if (match.AyonIds.Count == 0)
        {
            return 0;
        }

        var writes = 0;
        if (NeedsStatuses(match, statuses))
        {
            statuses = StatusRules.DesiredStatuses(ftrack.Statuses, statuses);
            await ayon.PatchProjectAsync(ftrack.FullName, new ProjectPatch { Statuses = statuses }, cancellationToken);
            writes++;
        }

        var ayonVersions = await ayon.ListVersionsAsync(ftrack.FullName, new VersionFilter(Ids: [.. match.AyonIds.Values.Distinct(StringComparer.Ordinal)]), cancellationToken);
        var operations = Plan(match, ayonVersions, statuses, mapping, ftrack.Configurations, attributes);
        foreach (var chunk in operations.Chunk(options.AyonOperationChunk))
        {
            (await ayon.PostOperationsAsync(ftrack.FullName, new OperationsRequest { Operations = chunk }, cancellationToken)).EnsureSuccess(ftrack.FullName);
        }

        return writes + operations.Count;
    }

    private static string? StatusFor(string ftrackStatus, IReadOnlyList<ProjectStatusItem> statuses) =>
        statuses.FirstOrDefault(s => string.Equals(s.Name, ftrackStatus, StringComparison.OrdinalIgnoreCase)
            && (s.Scope is null || s.Scope.Contains(AyonEntityTypes.Version, StringComparer.Ordinal)))?.Name;
}
