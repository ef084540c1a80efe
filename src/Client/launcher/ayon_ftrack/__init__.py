from .version import __version__
from .addon import FTRACK_ADDON_DIR, FtrackAddon
from .ftrack_url import resolve_ftrack_url

__all__ = ("__version__", "FtrackAddon", "FTRACK_ADDON_DIR", "resolve_ftrack_url")
