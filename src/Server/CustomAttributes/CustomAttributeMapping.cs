using AyonFtrack.Server.Settings;

namespace AyonFtrack.Server.CustomAttributes;

/// <summary>A ftrack custom attribute configuration as queried (<c>CustomAttributeConfiguration</c>).</summary>
public sealed record FtrackAttributeConfiguration(
    string Id,
    string Key,
    bool IsHierarchical,
    string EntityType,
    string? ObjectTypeId,
    string? GroupName);

/// <summary>An AYON attribute as listed by <c>/api/attributes</c>: its name and whether it is built in.</summary>
public sealed record AyonAttributeInfo(string Name, bool Builtin);

/// <summary>
/// Which ftrack attribute configurations carry an AYON attribute. A hierarchical mapping has at most one
/// configuration; a standard one has one per entity type (and object type for tasks).
/// </summary>
public sealed record AttributeMappingEntry(
    string AyonAttributeName,
    bool IsHierarchical,
    IReadOnlyList<FtrackAttributeConfiguration> Configurations)
{
    /// <summary>True when some ftrack configuration carries the attribute.</summary>
    public bool HasConfigurations => Configurations.Count > 0;

    /// <summary>
    /// The configuration for an entity: <paramref name="contextType"/> is the ftrack entity's <c>context_type</c>
    /// (<c>show</c>, <c>task</c>) or its lower-cased entity type (<c>assetversion</c>);
    /// <paramref name="objectTypeId"/> is the object type id for <c>task</c> and null otherwise. A hierarchical
    /// mapping returns its single configuration for every entity.
    /// </summary>
    public FtrackAttributeConfiguration? ConfigurationFor(string contextType, string? objectTypeId)
    {
        if (Configurations.Count == 0)
        {
            return null;
        }

        if (IsHierarchical)
        {
            return Configurations[0];
        }

        return Configurations.FirstOrDefault(c =>
            string.Equals(c.EntityType, contextType, StringComparison.Ordinal)
            && string.Equals(c.ObjectTypeId, objectTypeId, StringComparison.Ordinal));
    }
}

/// <summary>
/// AYON attribute ⇄ ftrack custom attribute mapping (original <c>get_custom_attributes_mapping</c>).
/// <list type="bullet">
/// <item>Mapping enabled: each settings item whose name is an AYON attribute maps either to the hierarchical
/// ftrack key <c>hierarchical</c>, or to every non-hierarchical configuration whose key is in <c>standard</c>.</item>
/// <item>Mapping disabled (legacy): each hierarchical ftrack attribute whose key is an AYON attribute maps when the
/// AYON attribute is built in or the ftrack attribute sits in group <c>openpype</c> or <c>ayon</c>.</item>
/// <item>Every other AYON attribute gets an empty hierarchical mapping.</item>
/// </list>
/// Fix against the original: a legacy attribute without a group no longer fails the whole mapping.
/// </summary>
public static class CustomAttributeMapping
{
    public static IReadOnlyDictionary<string, AttributeMappingEntry> Build(
        AttributesMappingSettings settings,
        IEnumerable<FtrackAttributeConfiguration> configurations,
        IEnumerable<AyonAttributeInfo> ayonAttributes)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentNullException.ThrowIfNull(ayonAttributes);

        var confs = configurations.ToArray();
        var attributes = ayonAttributes.ToArray();
        var names = attributes.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var hierarchical = confs.Where(c => c.IsHierarchical).ToArray();
        var standard = confs.Where(c => !c.IsHierarchical).ToArray();
        var output = new Dictionary<string, AttributeMappingEntry>(StringComparer.Ordinal);

        if (!settings.Enabled)
        {
            var builtin = attributes.Where(a => a.Builtin).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var conf in hierarchical)
            {
                if (output.ContainsKey(conf.Key) || !names.Contains(conf.Key))
                {
                    continue;
                }

                if (builtin.Contains(conf.Key)
                    || string.Equals(conf.GroupName, FtrackCustomAttributeKeys.LegacyGroup, StringComparison.Ordinal)
                    || string.Equals(conf.GroupName, FtrackCustomAttributeKeys.Group, StringComparison.Ordinal))
                {
                    output[conf.Key] = new AttributeMappingEntry(conf.Key, true, [conf]);
                }
            }
        }
        else
        {
            foreach (var item in settings.Mapping)
            {
                if (!names.Contains(item.Name))
                {
                    continue;
                }

                FtrackAttributeConfiguration[] mapped = item.IsHierarchical
                    ? [.. hierarchical.Where(c => string.Equals(c.Key, item.Hierarchical, StringComparison.Ordinal)).Take(1)]
                    : [.. standard.Where(c => item.Standard.Contains(c.Key, StringComparer.Ordinal))];
                output[item.Name] = new AttributeMappingEntry(item.Name, item.IsHierarchical, mapped);
            }
        }

        foreach (var attribute in attributes)
        {
            output.TryAdd(attribute.Name, new AttributeMappingEntry(attribute.Name, true, []));
        }

        return output;
    }

    /// <summary>
    /// The mapped AYON attribute whose configuration for the entity has ftrack key <paramref name="ftrackKey"/>,
    /// or null (original <c>get_mapping_item_by_key</c>).
    /// </summary>
    public static AttributeMappingEntry? FindByFtrackKey(
        IReadOnlyDictionary<string, AttributeMappingEntry> mapping,
        string contextType,
        string? objectTypeId,
        string ftrackKey)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return mapping.Values.FirstOrDefault(m =>
            m.ConfigurationFor(contextType, objectTypeId) is { } conf
            && string.Equals(conf.Key, ftrackKey, StringComparison.Ordinal));
    }
}
