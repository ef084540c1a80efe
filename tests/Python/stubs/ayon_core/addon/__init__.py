"""Stub of ayon_core.addon (signatures from ayon-core client/ayon_core/addon/{base,interfaces}.py)."""
from abc import ABC, ABCMeta, abstractmethod

from ayon_core.lib import Logger, is_headless_mode_enabled


class ProcessPreparationError(Exception):
    pass


class ProcessContext:
    def __init__(self, addon_name, addon_version, project_name=None, headless=None, **kwargs):
        if kwargs:
            raise TypeError("unknown ProcessContext keys: {}".format(sorted(kwargs)))
        if headless is None:
            headless = is_headless_mode_enabled()
        self.addon_name = addon_name
        self.addon_version = addon_version
        self.project_name = project_name
        self.headless = headless


class AYONAddon(ABC):
    enabled = True

    def __init__(self, manager, settings):
        self.manager = manager
        self.log = Logger.get_logger(self.name)
        self.initialize(settings)

    @property
    @abstractmethod
    def name(self):
        pass

    @property
    def version(self):
        raise AssertionError("stub: the addon must define its version")

    def initialize(self, settings):
        pass

    def connect_with_addons(self, enabled_addons):
        pass

    def ensure_is_process_ready(self, process_context):
        pass

    def get_global_environments(self):
        return {}


class AYONInterface(metaclass=ABCMeta):
    log = None


class IPluginPaths(AYONInterface):
    def get_plugin_paths(self):
        return {}


class ITrayAddon(AYONInterface):
    tray_initialized = False

    @abstractmethod
    def tray_init(self):
        pass

    @abstractmethod
    def tray_menu(self, tray_menu):
        pass

    @abstractmethod
    def tray_start(self):
        pass

    @abstractmethod
    def tray_exit(self):
        pass


class AddonsManager:
    """Stub: tests register addon objects in ``AddonsManager.registered``."""

    registered = {}

    def __init__(self, settings=None, initialize=True):
        pass

    def get(self, addon_name, default=None):
        return self.registered.get(addon_name, default)
