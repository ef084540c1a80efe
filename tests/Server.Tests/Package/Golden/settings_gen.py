# Generated from the C# settings records (AyonFtrack.Server.Settings) by PythonSettingsGenerator.
# Do not edit: change the records and run build/package.sh; tests compare this file with the generator.
# ruff: noqa: E501
from pydantic import validator

from ayon_server.settings import BaseSettingsModel, SettingsField
from ayon_server.settings.enum import secrets_enum

from .resolvers import project_link_types_enum
from .validators import json_object_text, unique_names


def _additional_metadata_keys_enum():
    return [
        {"value": "ayon_ftrack_version", "label": "AYON ftrack version"},
        {"value": "ayon_launcher_version", "label": "AYON launcher version"},
        {"value": "frame_start", "label": "Frame start"},
        {"value": "frame_end", "label": "Frame end"},
        {"value": "duration", "label": "Duration"},
        {"value": "width", "label": "Resolution width"},
        {"value": "height", "label": "Resolution height"},
        {"value": "fps", "label": "FPS"},
        {"value": "codec", "label": "Codec"},
    ]


def _allow_deny_enum():
    return [
        {"value": "allow_list", "label": "Allow list"},
        {"value": "deny_list", "label": "Deny list"},
    ]


def _attribute_types_enum():
    return [
        {"value": "hierarchical", "label": "Hierarchical"},
        {"value": "standard", "label": "Standard"},
    ]


def _daily_list_attribute_types_enum():
    return [
        {"value": "bool_value", "label": "Boolean"},
        {"value": "str_value", "label": "String"},
        {"value": "int_value", "label": "Integer"},
        {"value": "float_value", "label": "Float"},
        {"value": "enum_value", "label": "Enumerator"},
    ]


def _daily_list_categories_enum():
    return [
        {"value": "Default", "label": "Default"},
        {"value": "Clients", "label": "Clients"},
        {"value": "Dailies", "label": "Dailies"},
    ]


def _week_days_enum():
    return [
        {"value": "monday", "label": "Monday"},
        {"value": "tuesday", "label": "Tuesday"},
        {"value": "wednesday", "label": "Wednesday"},
        {"value": "thursday", "label": "Thursday"},
        {"value": "friday", "label": "Friday"},
        {"value": "saturday", "label": "Saturday"},
        {"value": "sunday", "label": "Sunday"},
    ]


class ServiceSettings(BaseSettingsModel):
    """The ftrack user the services listen and write as: names of the AYON
    secrets holding its user name and API key. A dedicated user makes the
    services' changes easy to tell apart.
    """

    username: str = SettingsField("", title="ftrack user name", enum_resolver=secrets_enum)
    api_key: str = SettingsField("", title="ftrack API key", enum_resolver=secrets_enum)


class RoleAction(BaseSettingsModel):
    enabled: bool = SettingsField(True)
    role_list: list[str] = SettingsField(default_factory=list, title="Roles for action")


class SyncFromFtrackSettings(BaseSettingsModel):
    enabled: bool = SettingsField(True)
    sync_versions: bool = SettingsField(False, title="Sync version statuses", description="Synchronise version statuses from ftrack too; the sync takes longer.")
    sync_link_type: str = SettingsField("< Skip >", title="Sync Link Type", description="AYON link type that ftrack links are synchronised as.", enum_resolver=project_link_types_enum)
    role_list: list[str] = SettingsField(default_factory=list, title="Roles for action")


class SyncHierarchicalAttributesSettings(BaseSettingsModel):
    enabled: bool = SettingsField(True)
    interest_entity_types: list[str] = SettingsField(default_factory=list, title="Entity types of interest")
    interest_attributes: list[str] = SettingsField(default_factory=list, title="Attributes to sync")
    action_enabled: bool = SettingsField(True, title="Enable Action")
    role_list: list[str] = SettingsField(default_factory=list, title="Roles for action")


class ThumbnailUpdatesSettings(BaseSettingsModel):
    """Show a version's thumbnail on its task and this many levels above it."""

    enabled: bool = SettingsField(True)
    levels: int = SettingsField(1, title="Levels", ge=0)


class NameValues(BaseSettingsModel):
    _layout = "expanded"

    name: str = SettingsField("", title="New status")
    value: list[str] = SettingsField(default_factory=list, title="From statuses")


class ParentStatusByTaskStatus(BaseSettingsModel):
    new_status: str = SettingsField(title="New parent status")
    task_statuses: list[str] = SettingsField(default_factory=list, title="Task status")


class StatusTaskToParentSettings(BaseSettingsModel):
    _isGroup = True

    enabled: bool = SettingsField(True)
    parent_object_types: list[str] = SettingsField(default_factory=list, title="Object types")
    parent_status_match_all_task_statuses: list[NameValues] = SettingsField(default_factory=list, title="Change parent if all tasks match")
    parent_status_by_task_status: list[ParentStatusByTaskStatus] = SettingsField(default_factory=list, title="Change parent status if a single task matches")


class StatusMappingSettings(BaseSettingsModel):
    _isGroup = True

    enabled: bool = SettingsField(True)
    mapping: list[NameValues] = SettingsField(default_factory=list, title="Status mapping")
    asset_types_filter_type: str = SettingsField("allow_list", title="Asset types Allow/Deny", enum_resolver=_allow_deny_enum)
    asset_types: list[str] = SettingsField(default_factory=list, title="Asset types (short)")

    @validator("mapping")
    def _unique_names_mapping(cls, value):
        return unique_names(value)


class NextTaskStatusMapping(BaseSettingsModel):
    _layout = "expanded"

    name: str = SettingsField(title="Status reached")
    value: str = SettingsField(title="Next task status")


class NextTaskUpdateSettings(BaseSettingsModel):
    _isGroup = True

    enabled: bool = SettingsField(True)
    mapping: list[NextTaskStatusMapping] = SettingsField(default_factory=list, title="Status Mappings")
    ignored_statuses: list[str] = SettingsField(default_factory=list, title="Ignored statuses")
    name_sorting: bool = SettingsField(True, title="Sort tasks by name")

    @validator("mapping")
    def _unique_names_mapping(cls, value):
        return unique_names(value)


class DailyListCustomAttributeFilter(BaseSettingsModel):
    _layout = "expanded"

    attr_name: str = SettingsField("", title="Attribute name")
    attr_type: str = SettingsField("bool_value", title="Attribute type", enum_resolver=_daily_list_attribute_types_enum, conditional_enum=True)
    bool_value: bool = SettingsField(True, title="Expected value")
    str_value: str = SettingsField("", title="Expected value")
    int_value: int = SettingsField(0, title="Expected value")
    float_value: float = SettingsField(0.0, title="Expected value")
    enum_value: list[str] = SettingsField(default_factory=list, title="Expected value")


class DailyListFilter(BaseSettingsModel):
    _layout = "expanded"

    statuses: list[str] = SettingsField(default_factory=list, title="Statuses")
    custom_attributes: list[DailyListCustomAttributeFilter] = SettingsField(default_factory=list, title="Custom attributes")


class DailyListItem(BaseSettingsModel):
    """A list of the AssetVersions that match one of its filters."""

    _layout = "expanded"

    name_template: str = SettingsField("{yy}{mm}{dd}", title="Name template")
    category: str = SettingsField("Dailies", title="List category", enum_resolver=_daily_list_categories_enum)
    cycle_enabled: bool = SettingsField(False, title="Run automatically")
    filters: list[DailyListFilter] = SettingsField(default_factory=list, title="Asset version filters")


class CreateDailyListsSettings(BaseSettingsModel):
    """Create lists of AssetVersions from filters, by hand or every day."""

    _isGroup = True

    enabled: bool = SettingsField(True)
    cycle_hour_start: str = SettingsField("00:00:00", title="Create daily lists at", description="Takes effect from the next day.", scope=["studio"], section="Automated execution", widget="time", regex="^(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d$")
    cycle_days: list[str] = SettingsField(default_factory=lambda: ["monday", "tuesday", "wednesday", "thursday", "friday"], title="Days of week", scope=["studio"], enum_resolver=_week_days_enum)
    lists: list[DailyListItem] = SettingsField(default_factory=list, title="Lists")
    role_list: list[str] = SettingsField(default_factory=list, title="Roles for action", section="---")


class ServiceEventHandlersSettings(BaseSettingsModel):
    """Event handlers and actions of the ftrack services."""

    prepare_project: RoleAction = SettingsField(default_factory=RoleAction, title="Prepare Project")
    sync_from_ftrack: SyncFromFtrackSettings = SettingsField(default_factory=SyncFromFtrackSettings, title="Sync to AYON")
    sync_users_from_ftrack: RoleAction = SettingsField(default_factory=RoleAction, title="Sync Users to AYON")
    sync_hier_entity_attributes: SyncHierarchicalAttributesSettings = SettingsField(default_factory=SyncHierarchicalAttributesSettings, title="Sync Hierarchical and Entity Attributes")
    clone_review_session: RoleAction = SettingsField(default_factory=RoleAction, title="Clone Review Session")
    delete_ayon_entities: RoleAction = SettingsField(default_factory=RoleAction, title="Delete Folders/Products")
    thumbnail_updates: ThumbnailUpdatesSettings = SettingsField(default_factory=ThumbnailUpdatesSettings, title="Update Hierarchy thumbnails")
    status_task_to_parent: StatusTaskToParentSettings = SettingsField(default_factory=StatusTaskToParentSettings, title="Sync status from Task to Parent")
    status_task_to_version: StatusMappingSettings = SettingsField(default_factory=StatusMappingSettings, title="Sync status from Task to Version")
    status_version_to_task: StatusMappingSettings = SettingsField(default_factory=lambda: StatusMappingSettings(**{"asset_types_filter_type": "deny_list"}), title="Sync status from Version to Task")
    next_task_update: NextTaskUpdateSettings = SettingsField(default_factory=NextTaskUpdateSettings, title="Update status on next task")
    transfer_values_of_hierarchical_attributes: RoleAction = SettingsField(default_factory=RoleAction, title="Action to transfer hierarchical attribute values")
    create_daily_lists: CreateDailyListsSettings = SettingsField(default_factory=CreateDailyListsSettings, title="Create daily lists")
    project_components_sizes: RoleAction = SettingsField(default_factory=RoleAction, title="Calculate project component sizes")


class PostLaunchHookSettings(BaseSettingsModel):
    """Change the task status when an application starts. Each item names the new
    status and the current statuses it applies to; `__any__` matches every
    status, and the new status `__ignore__` leaves the listed statuses
    unchanged.
    """

    enabled: bool = SettingsField(True)
    mapping: list[NameValues] = SettingsField(default_factory=list, title="Status mapping")

    @validator("mapping")
    def _unique_names_mapping(cls, value):
        return unique_names(value)


class RoleListOnly(BaseSettingsModel):
    role_list: list[str] = SettingsField(default_factory=list, title="Roles for action")


class PrepareProjectActionSettings(BaseSettingsModel):
    enabled: bool = SettingsField(True)
    role_list: list[str] = SettingsField(default_factory=list, title="Roles for action")
    create_project_structure_checked: bool = SettingsField(True, title="Create project structure", description="\"Create project structure\" is checked when the form opens.")


class FillWorkfileAttributeSettings(BaseSettingsModel):
    enabled: bool = SettingsField(True)
    custom_attribute_key: str = SettingsField("", title="Custom attribute key", description="A <b>Text</b> custom attribute of the <b>Task</b> entity type.")
    role_list: list[str] = SettingsField(default_factory=list, title="Roles for action")


class UserHandlersSettings(BaseSettingsModel):
    """Actions artists run from ftrack on their own machine."""

    create_update_attributes: RoleListOnly = SettingsField(default_factory=RoleListOnly, title="Create/Update Custom Attributes")
    prepare_project: PrepareProjectActionSettings = SettingsField(default_factory=PrepareProjectActionSettings, title="Prepare Project")
    clean_hierarchical_attr: RoleAction = SettingsField(default_factory=RoleAction, title="Clean hierarchical custom attributes")
    delete_old_versions: RoleAction = SettingsField(default_factory=RoleAction, title="Delete old versions")
    delivery_action: RoleAction = SettingsField(default_factory=RoleAction, title="Delivery action")
    job_killer: RoleAction = SettingsField(default_factory=RoleAction, title="Job Killer")
    fill_workfile_attribute: FillWorkfileAttributeSettings = SettingsField(default_factory=FillWorkfileAttributeSettings, title="Fill workfile Custom attribute")


class AdvancedFamilyFilter(BaseSettingsModel):
    _layout = "expanded"

    families: list[str] = SettingsField(default_factory=list, title="Additional Families")
    add_ftrack_family: bool = SettingsField(True, title="Add ftrack Family")


class CollectFamilyProfile(BaseSettingsModel):
    _layout = "expanded"

    host_names: list[str] = SettingsField(default_factory=list, title="Host names")
    product_base_types: list[str] = SettingsField(default_factory=list, title="Product base types")
    task_types: list[str] = SettingsField(default_factory=list, title="Task types")
    task_names: list[str] = SettingsField(default_factory=list, title="Task names")
    add_ftrack_family: bool = SettingsField(True, title="Add ftrack Family")
    advanced_filtering: list[AdvancedFamilyFilter] = SettingsField(default_factory=list, title="Advanced adding if additional families present")


class CollectFtrackFamilySettings(BaseSettingsModel):
    _isGroup = True

    enabled: bool = SettingsField(True)
    profiles: list[CollectFamilyProfile] = SettingsField(default_factory=list, title="Profiles")


class CollectFtrackCustomAttributeDataSettings(BaseSettingsModel):
    _isGroup = True

    enabled: bool = SettingsField(True)
    custom_attribute_keys: list[str] = SettingsField(default_factory=list, title="Custom attribute keys")


class ValidateFtrackAttributesSettings(BaseSettingsModel):
    _isGroup = True

    enabled: bool = SettingsField(True)
    ftrack_custom_attributes: str = SettingsField("{}", title="Custom attributes to validate", widget="textarea")

    @validator("ftrack_custom_attributes")
    def _json_object_text_ftrack_custom_attributes(cls, value):
        return json_object_text(value)


class CreateTaskStatusProfile(BaseSettingsModel):
    _layout = "expanded"

    task_types: list[str] = SettingsField(default_factory=list, title="Task types")
    task_names: list[str] = SettingsField(default_factory=list, title="Task names")
    status_name: str = SettingsField("", title="Status name")


class IntegrateHierarchyToFtrackSettings(BaseSettingsModel):
    _isGroup = True

    create_task_status_profiles: list[CreateTaskStatusProfile] = SettingsField(default_factory=list, title="Task status profiles")


class IntegrateFtrackDescriptionSettings(BaseSettingsModel):
    _isGroup = True

    enabled: bool = SettingsField(True)
    optional: bool = SettingsField(False, title="Optional")
    active: bool = SettingsField(True, title="Active")
    description_template: str = SettingsField("", title="Description template", description="May use the keys <b>intent</b> and <b>comment</b>.")


class IntegrateFtrackNoteSettings(BaseSettingsModel):
    _isGroup = True

    enabled: bool = SettingsField(False)
    note_template: str = SettingsField("", title="Note template", description="May use the keys <b>comment</b>, <b>host_name</b>, <b>app_name</b>, <b>app_label</b>, <b>published_paths</b> and <b>source</b>.")
    note_labels: list[str] = SettingsField(default_factory=list, title="Note labels")


class EnabledOnly(BaseSettingsModel):
    _isGroup = True

    enabled: bool = SettingsField(True)


class ProductBaseTypeMapping(BaseSettingsModel):
    name: str = SettingsField("", title="Family")
    asset_type: str = SettingsField("", title="Asset Type")


class AssetVersionStatusProfile(BaseSettingsModel):
    _layout = "expanded"

    host_names: list[str] = SettingsField(default_factory=list, title="Host names")
    product_base_types: list[str] = SettingsField(default_factory=list, title="Product base types")
    task_types: list[str] = SettingsField(default_factory=list, title="Task types")
    status: str = SettingsField("", title="Status name")


class IntegrateFtrackInstanceSettings(BaseSettingsModel):
    _isGroup = True

    product_base_type_mapping: list[ProductBaseTypeMapping] = SettingsField(default_factory=list, title="Product base type Mapping")
    keep_first_product_name_for_review: bool = SettingsField(True, title="Make product name as first asset name")
    asset_versions_status_profiles: list[AssetVersionStatusProfile] = SettingsField(default_factory=list, title="AssetVersion status on publish")
    additional_metadata_keys: list[str] = SettingsField(default_factory=list, title="Additional metadata keys on components", enum_resolver=_additional_metadata_keys_enum)

    @validator("product_base_type_mapping")
    def _unique_names_product_base_type_mapping(cls, value):
        return unique_names(value)


class TaskStatusProfile(BaseSettingsModel):
    _layout = "expanded"

    host_names: list[str] = SettingsField(default_factory=list, title="Host names")
    task_types: list[str] = SettingsField(default_factory=list, title="Task types")
    task_names: list[str] = SettingsField(default_factory=list, title="Task names")
    product_base_types: list[str] = SettingsField(default_factory=list, title="Product base types")
    product_names: list[str] = SettingsField(default_factory=list, title="Product names")
    status_name: str = SettingsField("", title="Status name")


class IntegrateFtrackFarmStatusSettings(BaseSettingsModel):
    _isGroup = True

    farm_status_profiles: list[TaskStatusProfile] = SettingsField(default_factory=list, title="Farm status profiles")


class TaskStatusProfilesSettings(BaseSettingsModel):
    _isGroup = True

    status_profiles: list[TaskStatusProfile] = SettingsField(default_factory=list, title="Status profiles")


class IntegrateFtrackTaskStatusSettings(BaseSettingsModel):
    _isGroup = True

    after_version_statuses: bool = SettingsField(True, title="After version integration", description="Apply the collected task statuses after the versions are integrated; status automations on versions may conflict when this runs first.")


class PublishSettings(BaseSettingsModel):
    CollectFtrackFamily: CollectFtrackFamilySettings = SettingsField(default_factory=CollectFtrackFamilySettings, title="Collect ftrack Family")
    CollectFtrackCustomAttributeData: CollectFtrackCustomAttributeDataSettings = SettingsField(default_factory=CollectFtrackCustomAttributeDataSettings, title="Collect Custom Attribute Data", description="Collects custom attribute values of the ftrack entities for use in publish templates.")
    ValidateFtrackAttributes: ValidateFtrackAttributesSettings = SettingsField(default_factory=ValidateFtrackAttributesSettings, title="Validate ftrack Attributes")
    IntegrateHierarchyToFtrack: IntegrateHierarchyToFtrackSettings = SettingsField(default_factory=IntegrateHierarchyToFtrackSettings, title="Integrate Hierarchy to ftrack", description="Status of tasks created by a publish; ftrack's default status otherwise.")
    IntegrateFtrackDescription: IntegrateFtrackDescriptionSettings = SettingsField(default_factory=IntegrateFtrackDescriptionSettings, title="Integrate ftrack Description", description="Adds a description to the published AssetVersion.")
    IntegrateFtrackNote: IntegrateFtrackNoteSettings = SettingsField(default_factory=IntegrateFtrackNoteSettings, title="Integrate ftrack Note", description="Adds the publish comment as a note on the AssetVersion.")
    IntegrateFtrackComponentOverwrite: EnabledOnly = SettingsField(default_factory=EnabledOnly, title="Integrate ftrack Component Overwrite")
    IntegrateFtrackInstance: IntegrateFtrackInstanceSettings = SettingsField(default_factory=IntegrateFtrackInstanceSettings, title="Integrate ftrack Instance")
    IntegrateFtrackFarmStatus: IntegrateFtrackFarmStatusSettings = SettingsField(default_factory=IntegrateFtrackFarmStatusSettings, title="Integrate ftrack Farm Status", description="Task status when a product is submitted to the farm.")
    ftrack_task_status_local_publish: TaskStatusProfilesSettings = SettingsField(default_factory=TaskStatusProfilesSettings, title="ftrack Status Local Integration", description="Task status when a product is published locally.")
    ftrack_task_status_on_farm_publish: TaskStatusProfilesSettings = SettingsField(default_factory=TaskStatusProfilesSettings, title="ftrack Status On Farm Integration", description="Task status when a product is published on the farm.")
    IntegrateFtrackTaskStatus: IntegrateFtrackTaskStatusSettings = SettingsField(default_factory=IntegrateFtrackTaskStatusSettings, title="Integrate ftrack Task Status")


class CustomAttributeRoles(BaseSettingsModel):
    write_security_roles: list[str] = SettingsField(default_factory=list, title="Write roles")
    read_security_roles: list[str] = SettingsField(default_factory=list, title="Read roles")


class MandatoryAttributesSettings(BaseSettingsModel):
    ayon_id: CustomAttributeRoles = SettingsField(default_factory=CustomAttributeRoles, title="AYON ID")
    ayon_path: CustomAttributeRoles = SettingsField(default_factory=CustomAttributeRoles, title="AYON path")
    ayon_list_type: CustomAttributeRoles = SettingsField(default_factory=CustomAttributeRoles, title="AYON list type")
    ayon_sync_failed: CustomAttributeRoles = SettingsField(default_factory=CustomAttributeRoles, title="AYON sync failed")
    auto_sync_enabled: CustomAttributeRoles = SettingsField(default_factory=CustomAttributeRoles, title="AYON auto-sync")


class AttributeMappingItem(BaseSettingsModel):
    name: str = SettingsField("", title="AYON attribute")
    attr_type: str = SettingsField("hierarchical", title="Attribute type", enum_resolver=_attribute_types_enum, conditional_enum=True)
    hierarchical: str = SettingsField("", title="ftrack attribute name")
    standard: list[str] = SettingsField(default_factory=list, title="ftrack attribute names")


class AttributesMappingSettings(BaseSettingsModel):
    enabled: bool = SettingsField(True, description="Use the attribute mapping below; when off, hierarchical ftrack attributes named like the AYON attributes are used.")
    mapping: list[AttributeMappingItem] = SettingsField(default_factory=list, title="Attributes mapping", description="AYON attributes and the ftrack custom attributes that hold them.")


class CustomAttributesSettings(BaseSettingsModel):
    mandatory_attributes: MandatoryAttributesSettings = SettingsField(default_factory=MandatoryAttributesSettings, title="Mandatory custom attributes", description="Read and write roles of the custom attributes AYON needs in ftrack.")
    attributes_mapping: AttributesMappingSettings = SettingsField(default_factory=AttributesMappingSettings, title="Attributes mapping", description="Which ftrack custom attributes hold each AYON attribute.")


class FtrackSettings(BaseSettingsModel):
    """ftrack addon settings."""

    enabled: bool = SettingsField(True)
    ftrack_server: str = SettingsField("", title="ftrack server url", scope=["studio"])
    service_settings: ServiceSettings = SettingsField(default_factory=ServiceSettings, title="Service settings", scope=["studio"])
    service_event_handlers: ServiceEventHandlersSettings = SettingsField(default_factory=ServiceEventHandlersSettings, title="Server Actions/Events")
    post_launch_hook: PostLaunchHookSettings = SettingsField(default_factory=PostLaunchHookSettings, title="Status change on application launch")
    user_handlers: UserHandlersSettings = SettingsField(default_factory=UserHandlersSettings, title="User Actions/Events")
    publish: PublishSettings = SettingsField(default_factory=PublishSettings, title="Publish plugins")
    custom_attributes: CustomAttributesSettings = SettingsField(default_factory=CustomAttributesSettings, title="Custom Attributes", scope=["studio"])
