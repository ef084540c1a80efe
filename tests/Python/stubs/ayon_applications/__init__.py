"""Stub of ayon_applications: LaunchTypes, LaunchHook, PostLaunchHook (client/ayon_applications/{defs,hooks}.py)."""
import logging
from abc import ABC, abstractmethod


class LaunchTypes:
    local = "local"
    farm_render = "farm-render"
    farm_publish = "farm-publish"
    remote = "remote"
    automated = "automated"


class LaunchHook(ABC):
    order = None
    hosts = set()
    app_groups = set()
    app_names = set()
    platforms = set()
    launch_types = {LaunchTypes.local}

    def __init__(self, launch_context):
        self.log = logging.getLogger(self.__class__.__name__)
        self.launch_context = launch_context
        self.is_valid = True

    @property
    def data(self):
        return self.launch_context.data

    @property
    def addons_manager(self):
        return self.launch_context.addons_manager

    @abstractmethod
    def execute(self):
        pass


class PreLaunchHook(LaunchHook):
    pass


class PostLaunchHook(LaunchHook):
    pass
