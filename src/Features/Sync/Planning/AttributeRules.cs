using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Server.CustomAttributes;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Sync.Planning;

/// <summary>
/// The attribute rules of the sync (§6 custom attributes): which AYON attribute maps to which ftrack configuration, the
/// own attributes an AYON folder or task must carry for its ftrack context (<c>ftrackId</c>, <c>ftrackPath</c>, dates
/// shifted to the next midnight, description, mapped values converted by the configuration's type), each only where the
/// attribute applies to the entity type, and which of them differ from what the entity has. Pure.
/// </summary>
public static class AttributeRules
{
    private static readonly HashSet<string> NotMapped = new(StringComparer.Ordinal)
    {
        SyncConventions.FtrackIdAttribute, SyncConventions.FtrackPathAttribute, "startDate", "endDate", "description",
    };

    /// <summary>The AYON attribute ⇄ ftrack configuration mapping for this project (§6 custom attributes).</summary>
    public static IReadOnlyDictionary<string, AttributeMappingEntry> BuildMapping(FtrackProjectState ftrack, IReadOnlyList<AttributeModel> attributes, AttributesMappingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(attributes);
        return CustomAttributeMapping.Build(
            settings,
            ftrack.Configurations.Select(c => c.Configuration),
            attributes.Where(a => !NotMapped.Contains(a.Name)).Select(a => new AyonAttributeInfo(a.Name, a.Builtin == true)));
    }

    /// <summary>The own attributes the AYON entity must carry for a ftrack context: ftrackId, ftrackPath, dates, description and mapped custom attributes with a stored value.</summary>
    public static JsonObject ExpectedAttrib(
        FtrackContextInfo context,
        FtrackProjectState ftrack,
        IReadOnlyDictionary<string, AttributeMappingEntry> mapping,
        IReadOnlyDictionary<string, FtrackConfigurationInfo> confById,
        IReadOnlyDictionary<string, IReadOnlyList<string>> scopes,
        string ayonEntityType)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(confById);
        ArgumentNullException.ThrowIfNull(scopes);
        var attrib = new JsonObject
        {
            [SyncConventions.FtrackIdAttribute] = context.Id,
            [SyncConventions.FtrackPathAttribute] = SyncConventions.FtrackPath(context.LinkNames),
        };
        if (context.StartDate is { } start && InScope(scopes, "startDate", ayonEntityType))
        {
            attrib["startDate"] = SyncConventions.FormatDate(SyncConventions.ShiftToNextMidnight(start));
        }

        if (context.EndDate is { } end && InScope(scopes, "endDate", ayonEntityType))
        {
            attrib["endDate"] = SyncConventions.FormatDate(SyncConventions.ShiftToNextMidnight(end));
        }

        if (!string.IsNullOrEmpty(context.Description) && InScope(scopes, "description", ayonEntityType))
        {
            attrib["description"] = context.Description;
        }

        foreach (var (name, entry) in mapping)
        {
            if (!InScope(scopes, name, ayonEntityType) || entry.ConfigurationFor("task", context.ObjectTypeId) is not { } conf)
            {
                continue;
            }

            if (ftrack.Values.TryGetValue((conf.Id, context.Id), out var stored) && confById.TryGetValue(conf.Id, out var info)
                && SyncConventions.ConvertValue(name, info.TypeName, info.Config, stored) is { } converted)
            {
                attrib[name] = converted;
            }
        }

        return attrib;
    }

    /// <summary>The attributes of <paramref name="attrib"/> the entity does not own with that value yet (null when none).</summary>
    internal static JsonObject? Changed(EntityNode existing, JsonObject attrib)
    {
        var all = existing.ParseAllAttrib();
        var changed = new JsonObject();
        foreach (var (key, value) in attrib)
        {
            if (!existing.OwnAttrib.Contains(key, StringComparer.Ordinal) || !SyncConventions.SameValue(all[key], value))
            {
                changed[key] = value?.DeepClone();
            }
        }

        return changed.Count > 0 ? changed : null;
    }

    private static bool InScope(IReadOnlyDictionary<string, IReadOnlyList<string>> scopes, string name, string entityType) =>
        scopes.TryGetValue(name, out var scope) && scope.Contains(entityType, StringComparer.Ordinal);
}
