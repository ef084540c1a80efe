"""Upgrades settings overrides saved by older versions of the ftrack addon
(AYON calls ``convert_settings_overrides`` when an older version's overrides
are copied to this one).

The same rules as the services apply when they read settings
(AyonFtrack.Server.Settings.FtrackSettingsConversions), checked against the
same test vectors. Two fixes against the original: the product-type renames are
applied, and 1.4.0 role overrides land under
``custom_attributes.mandatory_attributes.<attribute>``. When an old key and its
new key are both present, the new key wins and the old one is removed.
"""
import copy
import re

ATTRIBUTES_MAPPING_VERSION = (1, 4, 0)
_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")


def is_before(version, threshold):
    """True when the semantic version sorts before ``threshold`` (a
    pre-release sorts before its release)."""
    match = _SEMVER.match(version or "")
    if match is None:
        raise ValueError(f"'{version}' is not a semantic version (major.minor.patch)")
    numbers = tuple(int(part) for part in match.group(1, 2, 3))
    return numbers < tuple(threshold) or (numbers == tuple(threshold) and match.group(4) is not None)


def convert_overrides(source_version, overrides, defaults):
    """Converts ``overrides`` in place; returns the key paths changed."""
    changes = []
    if is_before(source_version, ATTRIBUTES_MAPPING_VERSION):
        mapping = copy.deepcopy(defaults["custom_attributes"]["attributes_mapping"]["mapping"])
        for item in mapping:
            item["attr_type"] = "hierarchical"
        _object_at(overrides, "custom_attributes", create=True)["attributes_mapping"] = {
            "enabled": False,
            "mapping": mapping,
        }
        changes.append("custom_attributes.attributes_mapping")
    changes.extend(upgrade_legacy_keys(overrides))
    return changes


def upgrade_legacy_keys(settings):
    """Renames keys of older addon versions wherever they appear."""
    changes = []
    farm = "publish.IntegrateFtrackFarmStatus.farm_status_profiles"
    for profile, path in _profiles(settings, farm):
        _rename(profile, "hosts", "host_names", path, changes)
        _rename(profile, "families", "product_types", path, changes)
        _rename(profile, "subset_names", "product_names", path, changes)
    for profiles_path in (
        "publish.CollectFtrackFamily.profiles",
        "publish.IntegrateFtrackInstance.asset_versions_status_profiles",
        farm,
    ):
        for profile, path in _profiles(settings, profiles_path):
            _rename(profile, "product_types", "product_base_types", path, changes)
    instance = _object_at(settings, "publish.IntegrateFtrackInstance", create=False)
    if instance is not None:
        _rename(instance, "product_type_mapping", "product_base_type_mapping", "publish.IntegrateFtrackInstance", changes)
    _move_asset_types(settings, "status_task_to_version", "asset_types_filter", "allow_list", changes)
    _move_asset_types(settings, "status_version_to_task", "asset_types_to_skip", "deny_list", changes)
    _move_custom_attribute_roles(settings, changes)
    return changes


def _move_asset_types(settings, handler, old_key, filter_type, changes):
    path = f"service_event_handlers.{handler}"
    section = _object_at(settings, path, create=False)
    if section is None or old_key not in section:
        return
    value = section.pop(old_key)
    if "asset_types" not in section:
        section["asset_types"] = copy.deepcopy(value)
        section["asset_types_filter_type"] = filter_type
    changes.append(f"{path}.{old_key}")


def _move_custom_attribute_roles(settings, changes):
    custom_attributes = _object_at(settings, "custom_attributes", create=False)
    if custom_attributes is None:
        return
    for legacy_key, names in (
        ("show", ("auto_sync_enabled",)),
        ("is_hierarchical", ("ayon_id", "ayon_path", "ayon_sync_failed")),
    ):
        if legacy_key not in custom_attributes:
            continue
        legacy = custom_attributes.pop(legacy_key)
        changes.append(f"custom_attributes.{legacy_key}")
        if not isinstance(legacy, dict):
            continue
        for name in names:
            roles = legacy.get(name)
            if not isinstance(roles, dict):
                continue
            moved = {
                key: copy.deepcopy(roles[key])
                for key in ("write_security_roles", "read_security_roles")
                if key in roles
            }
            existing = custom_attributes.get("mandatory_attributes")
            if not moved or (isinstance(existing, dict) and name in existing):
                continue
            _object_at(custom_attributes, "mandatory_attributes", create=True)[name] = moved
            changes.append(f"custom_attributes.mandatory_attributes.{name}")


def _profiles(root, path):
    parent_path, _, key = path.rpartition(".")
    parent = _object_at(root, parent_path, create=False)
    profiles = parent.get(key) if parent is not None else None
    if not isinstance(profiles, list):
        return []
    return [(profile, f"{path}[{index}]") for index, profile in enumerate(profiles) if isinstance(profile, dict)]


def _rename(obj, old_key, new_key, path, changes):
    if old_key not in obj:
        return
    value = obj.pop(old_key)
    if new_key not in obj:
        obj[new_key] = copy.deepcopy(value)
    changes.append(f"{path}.{old_key}")


def _object_at(root, path, create):
    current = root
    for key in path.split("."):
        following = current.get(key)
        if isinstance(following, dict):
            current = following
            continue
        if not create:
            return None
        following = {}
        current[key] = following
        current = following
    return current
