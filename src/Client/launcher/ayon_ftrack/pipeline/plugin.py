"""The ftrack publish plugins' base classes: settings category ``ftrack``;
off when the project's ftrack is off; otherwise the class attributes come from
``publish.<settings_key or class name>``, as in the original."""
import pyblish.api

from ayon_ftrack.publish_bridge import SETTINGS_CATEGORY, is_ftrack_enabled, plugin_settings


class _SettingsMixin(object):
    settings_category = SETTINGS_CATEGORY
    settings_key = None

    @classmethod
    def is_ftrack_enabled(cls, project_settings):
        return is_ftrack_enabled(project_settings)

    @classmethod
    def apply_settings(cls, project_settings):
        if not cls.is_ftrack_enabled(project_settings):
            cls.enabled = False
            return
        for key, value in plugin_settings(project_settings, cls.settings_key or cls.__name__).items():
            setattr(cls, key, value)


class FtrackPublishContextPlugin(_SettingsMixin, pyblish.api.ContextPlugin):
    pass


class FtrackPublishInstancePlugin(_SettingsMixin, pyblish.api.InstancePlugin):
    pass
