namespace AyonFtrack.Server.Settings;

/// <summary>A rule the settings break: the key path and a readable message (never a secret value).</summary>
public sealed record SettingsProblem(string KeyPath, string Message);

public sealed partial record FtrackSettings
{
    /// <summary>
    /// The original model's value rules, which AYON applies when settings are saved: unique names in the status
    /// mappings and the product type mapping, <c>ValidateFtrackAttributes</c> text that parses to a JSON object,
    /// <c>thumbnail_updates.levels</c> ≥ 0 and a <c>HH:MM:SS</c> daily list start; plus the enumerated string
    /// values. <see cref="Parse(string)"/> does not call this: a service reads what AYON stored and decides.
    /// </summary>
    /// <returns>Every problem found; empty when the settings are valid.</returns>
    public IReadOnlyList<SettingsProblem> Validate()
    {
        var problems = new List<SettingsProblem>();
        var handlers = ServiceEventHandlers;

        UniqueNames(problems, "post_launch_hook.mapping", PostLaunchHook.Mapping.Select(m => m.Name));
        UniqueNames(problems, "service_event_handlers.status_task_to_version.mapping", handlers.StatusTaskToVersion.Mapping.Select(m => m.Name));
        UniqueNames(problems, "service_event_handlers.status_version_to_task.mapping", handlers.StatusVersionToTask.Mapping.Select(m => m.Name));
        UniqueNames(problems, "service_event_handlers.next_task_update.mapping", handlers.NextTaskUpdate.Mapping.Select(m => m.Name));
        UniqueNames(problems, "publish.IntegrateFtrackInstance.product_base_type_mapping",
            Publish.IntegrateFtrackInstance.ProductBaseTypeMapping.Select(m => m.Name));

        if (handlers.ThumbnailUpdates.Levels < 0)
        {
            problems.Add(new("service_event_handlers.thumbnail_updates.levels", "must be 0 or more"));
        }

        if (handlers.CreateDailyLists.TryGetCycleStart() is null)
        {
            problems.Add(new("service_event_handlers.create_daily_lists.cycle_hour_start", "must be a time HH:MM:SS"));
        }

        if (!Publish.ValidateFtrackAttributes.HasValidCustomAttributesJson())
        {
            problems.Add(new("publish.ValidateFtrackAttributes.ftrack_custom_attributes", "must be a JSON object"));
        }

        string[] filterTypes = [SettingsValues.AllowList, SettingsValues.DenyList];
        OneOf(problems, "service_event_handlers.status_task_to_version.asset_types_filter_type", handlers.StatusTaskToVersion.AssetTypesFilterType, filterTypes);
        OneOf(problems, "service_event_handlers.status_version_to_task.asset_types_filter_type", handlers.StatusVersionToTask.AssetTypesFilterType, filterTypes);
        for (var i = 0; i < handlers.CreateDailyLists.CycleDays.Count; i++)
        {
            OneOf(problems, $"service_event_handlers.create_daily_lists.cycle_days[{i}]", handlers.CreateDailyLists.CycleDays[i], SettingsValues.WeekDays);
        }

        for (var i = 0; i < handlers.CreateDailyLists.Lists.Count; i++)
        {
            var list = handlers.CreateDailyLists.Lists[i];
            var listPath = $"service_event_handlers.create_daily_lists.lists[{i}]";
            OneOf(problems, $"{listPath}.category", list.Category, SettingsValues.DailyListCategories);
            for (var f = 0; f < list.Filters.Count; f++)
            {
                for (var a = 0; a < list.Filters[f].CustomAttributes.Count; a++)
                {
                    OneOf(problems, $"{listPath}.filters[{f}].custom_attributes[{a}].attr_type",
                        list.Filters[f].CustomAttributes[a].AttrType, SettingsValues.DailyListAttributeTypes);
                }
            }
        }

        var keys = Publish.IntegrateFtrackInstance.AdditionalMetadataKeys;
        for (var i = 0; i < keys.Count; i++)
        {
            OneOf(problems, $"publish.IntegrateFtrackInstance.additional_metadata_keys[{i}]", keys[i], SettingsValues.AdditionalMetadataKeys);
        }

        var mapping = CustomAttributes.AttributesMapping.Mapping;
        for (var i = 0; i < mapping.Count; i++)
        {
            OneOf(problems, $"custom_attributes.attributes_mapping.mapping[{i}].attr_type", mapping[i].AttrType,
                [SettingsValues.Hierarchical, SettingsValues.Standard]);
        }

        return problems;
    }

    private static void UniqueNames(List<SettingsProblem> problems, string path, IEnumerable<string> names)
    {
        foreach (var duplicate in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new(path, $"name '{duplicate.Key}' is used more than once"));
        }
    }

    private static void OneOf(List<SettingsProblem> problems, string path, string value, IReadOnlyList<string> allowed)
    {
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            problems.Add(new(path, $"'{value}' is not one of: {string.Join(", ", allowed)}"));
        }
    }
}
