using System.Text.Json.Nodes;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Server.CustomAttributes;

namespace AyonFtrack.Features.Sync.Planning;

/// <summary>
/// The back-write rules of the sync (P-22 last step): each synchronised ftrack context gets <c>ayon_id</c> and (folders)
/// <c>ayon_path</c>, each considered one <c>ayon_sync_failed</c> (true when refused or kept from a hierarchy change),
/// and only values that differ from the stored ones are written. Pure.
/// </summary>
internal static class BackWriteRules
{
    /// <summary>The back-writes for the planned AYON ids and paths of <paramref name="mapped"/> and the <paramref name="failed"/> contexts.</summary>
    public static List<FtrackBackWrite> Plan(FtrackProjectState ftrack, Dictionary<string, (string AyonId, string? Path)> mapped, HashSet<string> failed)
    {
        var result = new List<FtrackBackWrite>();
        var ayonId = ftrack.ConfigurationByKey(FtrackCustomAttributeKeys.AyonId);
        var ayonPath = ftrack.ConfigurationByKey(FtrackCustomAttributeKeys.AyonPath);
        var syncFailed = ftrack.ConfigurationByKey(FtrackCustomAttributeKeys.AyonSyncFailed);
        foreach (var context in ftrack.Contexts)
        {
            var ok = mapped.TryGetValue(context.Id, out var target);
            if (!ok && !failed.Contains(context.Id))
            {
                continue;
            }

            var entityType = context.EntityType;
            if (syncFailed is not null)
            {
                Add(syncFailed, context.Id, entityType, JsonValue.Create(!ok || failed.Contains(context.Id)));
            }

            if (!ok)
            {
                continue;
            }

            if (ayonId is not null)
            {
                Add(ayonId, context.Id, entityType, JsonValue.Create(target.AyonId));
            }

            if (ayonPath is not null && target.Path is not null)
            {
                Add(ayonPath, context.Id, entityType, JsonValue.Create(target.Path));
            }
        }

        return result;

        void Add(FtrackConfigurationInfo conf, string entityId, string entityType, JsonNode? value)
        {
            var stored = ftrack.Values.TryGetValue((conf.Configuration.Id, entityId), out var v) ? v : null;
            if (!SyncConventions.SameValue(stored, value))
            {
                result.Add(new FtrackBackWrite(entityId, entityType, conf.Configuration.Id, conf.Configuration.Key, value));
            }
        }
    }
}
