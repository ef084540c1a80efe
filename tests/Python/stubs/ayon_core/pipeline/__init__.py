"""Stub of ayon_core.pipeline: LauncherAction (ayon_core/pipeline/actions/launcher.py)."""
import logging


class LauncherAction(object):
    name = None
    label = None
    icon = None
    color = None
    order = 0
    log = logging.getLogger("LauncherAction")

    def is_compatible(self, selection):
        return True

    def process(self, selection, **kwargs):
        pass
