"""Stub of ayon_core.lib: Logger, is_headless_mode_enabled, get_addons_resources_dir."""
import logging
import os


class Logger:
    @classmethod
    def get_logger(cls, name=None):
        return logging.getLogger(name)


def is_headless_mode_enabled():
    return os.getenv("AYON_HEADLESS_MODE") == "1"


def get_addons_resources_dir(addon_name, *args):
    root = os.getenv("AYON_ADDONS_RESOURCES_DIR")
    if not root:
        # The real one falls back to the launcher's storage; a test must never write there.
        raise AssertionError("stub: set AYON_ADDONS_RESOURCES_DIR in the test")
    return os.path.join(root, addon_name, *args)
