using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Server.Settings;

/// <summary>
/// Upgrades of settings written by older addon versions (original <c>server/settings/conversions.py</c>). Pure
/// functions over a JSON tree that change it in place and report what they changed.
/// <para>Fixes against the original (reference §7): the product-type renames are applied (the original defines
/// them but never calls them), and the 1.4.0 role overrides land under
/// <c>custom_attributes.mandatory_attributes.&lt;attribute&gt;</c> instead of a root key named after the role list.
/// When an old key and its new key are both present, the new key wins and the old one is removed.</para>
/// </summary>
public static class FtrackSettingsConversions
{
    /// <summary>The addon version that introduced the attribute mapping.</summary>
    public static readonly Version AttributesMappingVersion = new(1, 4, 0);

    private static readonly string[] AutoSyncAttributes = ["auto_sync_enabled"];
    private static readonly string[] HierarchicalAttributes = ["ayon_id", "ayon_path", "ayon_sync_failed"];
    private static readonly string[] RoleKeys = ["write_security_roles", "read_security_roles"];

    /// <summary>
    /// Converts studio or project overrides stored by addon version <paramref name="sourceVersion"/>
    /// (semantic version, e.g. <c>1.3.2</c> or <c>1.6.4+dev</c>) to the current shape: before 1.4.0 the attribute
    /// mapping is added disabled with every item hierarchical (the old behaviour), then
    /// <see cref="UpgradeLegacyKeys"/> runs.
    /// </summary>
    /// <returns>Key paths that were changed, in order.</returns>
    /// <exception cref="ArgumentException"><paramref name="sourceVersion"/> is not a semantic version.</exception>
    public static IReadOnlyList<string> ConvertOverrides(string sourceVersion, JsonObject overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var changes = new List<string>();
        if (IsBefore(sourceVersion, AttributesMappingVersion))
        {
            var mapping = new AttributesMappingSettings
            {
                Enabled = false,
                Mapping = FtrackSettingsDefaults.AttributeMapping(SettingsValues.Hierarchical),
            };
            var customAttributes = ObjectAt(overrides, "custom_attributes", create: true)!;
            customAttributes["attributes_mapping"] = JsonSerializer.SerializeToNode(mapping, FtrackSettingsReader.Options);
            changes.Add("custom_attributes.attributes_mapping");
        }

        changes.AddRange(UpgradeLegacyKeys(overrides));
        return changes;
    }

    /// <summary>
    /// Renames keys of older addon versions wherever they appear (settings or overrides); applies to reading,
    /// because the renames never lose a value:
    /// farm status profiles <c>hosts</c>→<c>host_names</c>, <c>families</c>/<c>product_types</c>→<c>product_base_types</c>,
    /// <c>subset_names</c>→<c>product_names</c>; <c>product_types</c>→<c>product_base_types</c> in CollectFtrackFamily
    /// and IntegrateFtrackInstance status profiles; <c>product_type_mapping</c>→<c>product_base_type_mapping</c>;
    /// <c>status_task_to_version.asset_types_filter</c>→<c>asset_types</c> (allow list);
    /// <c>status_version_to_task.asset_types_to_skip</c>→<c>asset_types</c> (deny list);
    /// <c>custom_attributes.show</c>/<c>is_hierarchical</c> roles → <c>custom_attributes.mandatory_attributes</c>.
    /// </summary>
    /// <returns>Key paths that were changed, in order.</returns>
    public static IReadOnlyList<string> UpgradeLegacyKeys(JsonObject settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var changes = new List<string>();

        const string farm = "publish.IntegrateFtrackFarmStatus.farm_status_profiles";
        ForEachProfile(settings, farm, (profile, path) =>
        {
            Rename(profile, "hosts", "host_names", path, changes);
            Rename(profile, "families", "product_types", path, changes);
            Rename(profile, "subset_names", "product_names", path, changes);
        });
        foreach (var profiles in new[]
        {
            "publish.CollectFtrackFamily.profiles",
            "publish.IntegrateFtrackInstance.asset_versions_status_profiles",
            farm,
        })
        {
            ForEachProfile(settings, profiles, (profile, path) =>
                Rename(profile, "product_types", "product_base_types", path, changes));
        }

        if (ObjectAt(settings, "publish.IntegrateFtrackInstance", create: false) is { } instance)
        {
            Rename(instance, "product_type_mapping", "product_base_type_mapping", "publish.IntegrateFtrackInstance", changes);
        }

        MoveAssetTypes(settings, "status_task_to_version", "asset_types_filter", SettingsValues.AllowList, changes);
        MoveAssetTypes(settings, "status_version_to_task", "asset_types_to_skip", SettingsValues.DenyList, changes);
        MoveCustomAttributeRoles(settings, changes);
        return changes;
    }

    /// <summary>True when <paramref name="version"/> sorts before <paramref name="threshold"/> (semantic versioning; a pre-release sorts before its release).</summary>
    public static bool IsBefore(string version, Version threshold)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(threshold);
        var core = version.Split('+', 2)[0];
        var dash = core.IndexOf('-', StringComparison.Ordinal);
        var isPrerelease = dash >= 0;
        var numbers = (isPrerelease ? core[..dash] : core).Split('.');
        if (numbers.Length != 3
            || !numbers.All(n => n.Length > 0 && n.All(char.IsAsciiDigit))
            || (isPrerelease && dash == core.Length - 1))
        {
            throw new ArgumentException($"'{version}' is not a semantic version (major.minor.patch).", nameof(version));
        }

        var parsed = new Version(
            int.Parse(numbers[0], CultureInfo.InvariantCulture),
            int.Parse(numbers[1], CultureInfo.InvariantCulture),
            int.Parse(numbers[2], CultureInfo.InvariantCulture));
        var normalizedThreshold = new Version(threshold.Major, threshold.Minor, Math.Max(threshold.Build, 0));
        var order = parsed.CompareTo(normalizedThreshold);
        return order < 0 || (order == 0 && isPrerelease);
    }

    private static void MoveAssetTypes(JsonObject settings, string handler, string oldKey, string filterType, List<string> changes)
    {
        var path = $"service_event_handlers.{handler}";
        if (ObjectAt(settings, path, create: false) is not { } section || !section.ContainsKey(oldKey))
        {
            return;
        }

        var value = section[oldKey];
        section.Remove(oldKey);
        if (!section.ContainsKey("asset_types"))
        {
            section["asset_types"] = value?.DeepClone();
            section["asset_types_filter_type"] = filterType;
        }

        changes.Add($"{path}.{oldKey}");
    }

    private static void MoveCustomAttributeRoles(JsonObject settings, List<string> changes)
    {
        if (ObjectAt(settings, "custom_attributes", create: false) is not { } customAttributes)
        {
            return;
        }

        foreach (var (legacyKey, names) in new[] { ("show", AutoSyncAttributes), ("is_hierarchical", HierarchicalAttributes) })
        {
            if (!customAttributes.ContainsKey(legacyKey))
            {
                continue;
            }

            var legacy = customAttributes[legacyKey] as JsonObject;
            customAttributes.Remove(legacyKey);
            changes.Add($"custom_attributes.{legacyKey}");
            if (legacy is null)
            {
                continue;
            }

            foreach (var name in names)
            {
                if (legacy[name] is not JsonObject roles)
                {
                    continue;
                }

                var moved = new JsonObject();
                foreach (var roleKey in RoleKeys)
                {
                    if (roles.ContainsKey(roleKey))
                    {
                        moved[roleKey] = roles[roleKey]?.DeepClone();
                    }
                }

                if (moved.Count == 0
                    || customAttributes["mandatory_attributes"] is JsonObject existing && existing.ContainsKey(name))
                {
                    continue;
                }

                ObjectAt(customAttributes, "mandatory_attributes", create: true)![name] = moved;
                changes.Add($"custom_attributes.mandatory_attributes.{name}");
            }
        }
    }

    private static void ForEachProfile(JsonObject root, string path, Action<JsonObject, string> action)
    {
        var lastDot = path.LastIndexOf('.');
        if (ObjectAt(root, path[..lastDot], create: false)?[path[(lastDot + 1)..]] is not JsonArray profiles)
        {
            return;
        }

        for (var i = 0; i < profiles.Count; i++)
        {
            if (profiles[i] is JsonObject profile)
            {
                action(profile, $"{path}[{i}]");
            }
        }
    }

    private static void Rename(JsonObject obj, string oldKey, string newKey, string path, List<string> changes)
    {
        if (!obj.ContainsKey(oldKey))
        {
            return;
        }

        var value = obj[oldKey];
        obj.Remove(oldKey);
        if (!obj.ContainsKey(newKey))
        {
            obj[newKey] = value?.DeepClone();
        }

        changes.Add($"{path}.{oldKey}");
    }

    private static JsonObject? ObjectAt(JsonObject root, string path, bool create)
    {
        var current = root;
        foreach (var key in path.Split('.'))
        {
            if (current[key] is JsonObject next)
            {
                current = next;
                continue;
            }

            if (!create)
            {
                return null;
            }

            next = [];
            current[key] = next;
            current = next;
        }

        return current;
    }
}
