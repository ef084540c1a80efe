using System.Text.Json.Nodes;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Server.Tests.Settings;

/// <summary>
/// The defaults, read through the JSON shape AYON returns, against the original addon's default values
/// (server/settings/*.py of ynput/ayon-ftrack 1.6.4+dev).
/// </summary>
public sealed class FtrackSettingsDefaultsTests
{
    public static TheoryData<string, string> OriginalDefaults => new()
    {
        // root
        { "enabled", "true" },
        { "ftrack_server", "\"\"" },
        { "service_settings.username", "\"\"" },
        { "service_settings.api_key", "\"\"" },
        // service_event_handlers
        { "service_event_handlers.prepare_project", """{"enabled":true,"role_list":["Administrator","Project manager"]}""" },
        { "service_event_handlers.sync_from_ftrack.sync_versions", "false" },
        { "service_event_handlers.sync_from_ftrack.sync_link_type", "\"< Skip >\"" },
        { "service_event_handlers.sync_from_ftrack.role_list", """["Administrator","Project manager"]""" },
        { "service_event_handlers.sync_users_from_ftrack.role_list", """["Administrator","Project manager"]""" },
        { "service_event_handlers.sync_hier_entity_attributes.interest_entity_types", """["Shot","Asset Build"]""" },
        { "service_event_handlers.sync_hier_entity_attributes.interest_attributes", """["frameStart","frameEnd"]""" },
        { "service_event_handlers.sync_hier_entity_attributes.action_enabled", "true" },
        { "service_event_handlers.sync_hier_entity_attributes.role_list", """["Administrator","Project Manager"]""" },
        { "service_event_handlers.clone_review_session.role_list", """["Administrator","Project Manager"]""" },
        // delete_ayon_entities: the original's is {"enabled":true,"role_list":[]} (everyone may delete, §7); see Defaults_DeleteAyonEntities_ManagersNotEveryone.
        { "service_event_handlers.delete_ayon_entities.enabled", "true" },
        { "service_event_handlers.thumbnail_updates", """{"enabled":true,"levels":1}""" },
        { "service_event_handlers.status_task_to_parent.parent_object_types", """["Shot","Asset Build"]""" },
        { "service_event_handlers.status_task_to_parent.parent_status_match_all_task_statuses",
            """[{"name":"Completed","value":["Approved","Omitted"]}]""" },
        { "service_event_handlers.status_task_to_parent.parent_status_by_task_status",
            """[{"new_status":"In Progress","task_statuses":["in progress","change requested","retake","pending review"]}]""" },
        { "service_event_handlers.status_task_to_version",
            """{"enabled":true,"mapping":[],"asset_types_filter_type":"allow_list","asset_types":[]}""" },
        { "service_event_handlers.status_version_to_task",
            """{"enabled":true,"mapping":[],"asset_types_filter_type":"deny_list","asset_types":[]}""" },
        { "service_event_handlers.next_task_update",
            """{"enabled":true,"mapping":[{"name":"Not Ready","value":"Ready"}],"ignored_statuses":["Omitted"],"name_sorting":false}""" },
        { "service_event_handlers.transfer_values_of_hierarchical_attributes.role_list", """["Administrator","Project manager"]""" },
        { "service_event_handlers.create_daily_lists.enabled", "false" },
        { "service_event_handlers.create_daily_lists.cycle_hour_start", "\"00:00:00\"" },
        { "service_event_handlers.create_daily_lists.cycle_days", """["monday","tuesday","wednesday","thursday","friday"]""" },
        { "service_event_handlers.create_daily_lists.lists",
            """[{"name_template":"{yy}{mm}{dd}","category":"Dailies","cycle_enabled":true,"filters":[{"statuses":["Approved"],"custom_attributes":[]}]}]""" },
        { "service_event_handlers.create_daily_lists.role_list", """["Administrator","Project Manager"]""" },
        { "service_event_handlers.project_components_sizes", """{"enabled":true,"role_list":["Administrator","Project Manager"]}""" },
        // post_launch_hook
        { "post_launch_hook",
            """{"enabled":true,"mapping":[{"name":"In Progress","value":["__any__"]},{"name":"Ready","value":["Not Ready"]},{"name":"__ignore__","value":["in progress","omitted","on hold"]}]}""" },
        // user_handlers
        { "user_handlers.create_update_attributes", """{"role_list":["Administrator"]}""" },
        { "user_handlers.prepare_project",
            """{"enabled":true,"role_list":["Administrator","Project manager"],"create_project_structure_checked":false}""" },
        { "user_handlers.clean_hierarchical_attr", """{"enabled":true,"role_list":["Administrator","Project manager"]}""" },
        { "user_handlers.delete_old_versions", """{"enabled":true,"role_list":["Project Manager","Administrator"]}""" },
        { "user_handlers.delivery_action", """{"enabled":true,"role_list":["Project Manager","Administrator"]}""" },
        { "user_handlers.job_killer", """{"enabled":true,"role_list":["Administrator"]}""" },
        { "user_handlers.fill_workfile_attribute", """{"enabled":false,"custom_attribute_key":"","role_list":[]}""" },
        // publish
        { "publish.CollectFtrackFamily.enabled", "true" },
        { "publish.CollectFtrackFamily.profiles[0]",
            """{"host_names":["traypublisher"],"product_base_types":[],"task_types":[],"task_names":[],"add_ftrack_family":true,"advanced_filtering":[]}""" },
        { "publish.CollectFtrackFamily.profiles[2].advanced_filtering", """[{"families":["clip","review"],"add_ftrack_family":true}]""" },
        { "publish.CollectFtrackFamily.profiles[3].product_base_types",
            """["model","setdress","animation","look","rig","camera","review"]""" },
        { "publish.CollectFtrackFamily.profiles[4].host_names", """["blender","houdini","max"]""" },
        { "publish.CollectFtrackFamily.profiles[10]",
            """{"host_names":["photoshop"],"product_base_types":["review"],"task_types":[],"task_names":[],"add_ftrack_family":true,"advanced_filtering":[]}""" },
        { "publish.CollectFtrackCustomAttributeData", """{"enabled":false,"custom_attribute_keys":[]}""" },
        { "publish.ValidateFtrackAttributes", """{"enabled":false,"ftrack_custom_attributes":"{}"}""" },
        { "publish.IntegrateHierarchyToFtrack", """{"create_task_status_profiles":[]}""" },
        { "publish.IntegrateFtrackDescription",
            """{"enabled":false,"optional":true,"active":true,"description_template":"{comment}"}""" },
        { "publish.IntegrateFtrackNote", """{"enabled":false,"note_template":"{comment}","note_labels":[]}""" },
        { "publish.IntegrateFtrackComponentOverwrite", """{"enabled":true}""" },
        { "publish.IntegrateFtrackInstance.product_base_type_mapping[0]", """{"name":"camera","asset_type":"cam"}""" },
        { "publish.IntegrateFtrackInstance.product_base_type_mapping[12]", """{"name":"review","asset_type":"mov"}""" },
        { "publish.IntegrateFtrackInstance.product_base_type_mapping[31]", """{"name":"usd","asset_type":"usd"}""" },
        { "publish.IntegrateFtrackInstance.keep_first_product_name_for_review", "true" },
        { "publish.IntegrateFtrackInstance.asset_versions_status_profiles", "[]" },
        { "publish.IntegrateFtrackInstance.additional_metadata_keys", "[]" },
        { "publish.IntegrateFtrackFarmStatus",
            """{"farm_status_profiles":[{"host_names":["celaction"],"task_types":[],"task_names":[],"product_base_types":["render"],"product_names":[],"status_name":"Render"}]}""" },
        { "publish.ftrack_task_status_local_publish", """{"status_profiles":[]}""" },
        { "publish.ftrack_task_status_on_farm_publish", """{"status_profiles":[]}""" },
        { "publish.IntegrateFtrackTaskStatus", """{"after_version_statuses":true}""" },
        // custom_attributes
        { "custom_attributes.mandatory_attributes.auto_sync_enabled",
            """{"write_security_roles":["API","Administrator"],"read_security_roles":["API","Administrator"]}""" },
        { "custom_attributes.mandatory_attributes.ayon_sync_failed",
            """{"write_security_roles":["API","Administrator"],"read_security_roles":["API","Administrator"]}""" },
        { "custom_attributes.mandatory_attributes.ayon_id", """{"write_security_roles":[],"read_security_roles":[]}""" },
        { "custom_attributes.mandatory_attributes.ayon_path", """{"write_security_roles":[],"read_security_roles":[]}""" },
        { "custom_attributes.mandatory_attributes.ayon_list_type", """{"write_security_roles":[],"read_security_roles":[]}""" },
        { "custom_attributes.attributes_mapping.enabled", "true" },
        { "custom_attributes.attributes_mapping.mapping[0]",
            """{"name":"resolutionWidth","attr_type":"standard","hierarchical":"resolutionWidth","standard":[]}""" },
        { "custom_attributes.attributes_mapping.mapping[3]",
            """{"name":"fps","attr_type":"standard","hierarchical":"fps","standard":["fps"]}""" },
        { "custom_attributes.attributes_mapping.mapping[4]",
            """{"name":"frameStart","attr_type":"standard","hierarchical":"frameStart","standard":["fstart"]}""" },
        { "custom_attributes.attributes_mapping.mapping[5]",
            """{"name":"frameEnd","attr_type":"standard","hierarchical":"frameEnd","standard":["fend"]}""" },
        { "custom_attributes.attributes_mapping.mapping[9]",
            """{"name":"clipOut","attr_type":"standard","hierarchical":"clipOut","standard":[]}""" },
    };

    [Theory]
    [MemberData(nameof(OriginalDefaults))]
    public void Defaults_KeyPath_MatchesOriginal(string keyPath, string expectedJson)
    {
        var actual = At(FtrackSettings.Defaults.ToJsonObject(), keyPath);

        actual.ShouldNotBeNull($"'{keyPath}' is missing from the defaults");
        JsonNode.DeepEquals(actual, JsonNode.Parse(expectedJson)).ShouldBeTrue(
            $"'{keyPath}' is {actual.ToJsonString()}, expected {expectedJson}");
    }

    [Theory]
    [InlineData("service_event_handlers", 14)]
    [InlineData("user_handlers", 7)]
    [InlineData("publish", 12)]
    [InlineData("publish.CollectFtrackFamily.profiles", 11)]
    [InlineData("publish.IntegrateFtrackInstance.product_base_type_mapping", 32)]
    [InlineData("custom_attributes.mandatory_attributes", 5)]
    [InlineData("custom_attributes.attributes_mapping.mapping", 10)]
    public void Defaults_Section_HasOriginalNumberOfEntries(string keyPath, int count)
    {
        var node = At(FtrackSettings.Defaults.ToJsonObject(), keyPath);

        (node switch
        {
            JsonObject o => o.Count,
            JsonArray a => a.Count,
            _ => -1,
        }).ShouldBe(count);
    }

    [Fact]
    public void Defaults_ModelDefaultsWhereOriginalDiffers_AreThePresetValues()
    {
        var d = FtrackSettings.Defaults;

        d.ShouldSatisfyAllConditions(
            () => new NextTaskUpdateSettings().NameSorting.ShouldBeTrue(),
            () => d.ServiceEventHandlers.NextTaskUpdate.NameSorting.ShouldBeFalse(),
            () => new PrepareProjectActionSettings().CreateProjectStructureChecked.ShouldBeTrue(),
            () => d.UserHandlers.PrepareProject.CreateProjectStructureChecked.ShouldBeFalse(),
            () => new DailyListItem().CycleEnabled.ShouldBeFalse(),
            () => d.ServiceEventHandlers.CreateDailyLists.Lists[0].CycleEnabled.ShouldBeTrue(),
            () => new AttributeMappingItem().AttrType.ShouldBe("hierarchical"));
    }

    [Fact]
    public void Defaults_DeleteAyonEntities_ManagersNotEveryone()
    {
        // §7: the original's default role_list is empty, and an empty list lets every ftrack user delete folders and
        // products; the default lists the roles the runtime falls back to (DeleteEntities.Action.DefaultRoles).
        var action = FtrackSettings.Defaults.ServiceEventHandlers.DeleteAyonEntities;

        action.ShouldSatisfyAllConditions(
            () => action.Enabled.ShouldBeTrue(),
            () => action.RoleList.ShouldBe(["Administrator", "Project Manager"]),
            () => new RoleAction().RoleList.ShouldBeEmpty());
    }

    internal static JsonNode? At(JsonNode? node, string keyPath)
    {
        foreach (var part in keyPath.Split('.'))
        {
            var name = part;
            int? index = null;
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                name = part[..bracket];
                index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
            }

            node = node?[name];
            if (index is { } i)
            {
                node = node is JsonArray array && i < array.Count ? array[i] : null;
            }
        }

        return node;
    }
}
