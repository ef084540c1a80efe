"""Stub of ayon_core.tools.tray: tests set TRAY_URL (None: no tray running)."""
TRAY_URL = None


def get_tray_server_url(validate=False, server_url=None, variant=None, timeout=None):
    return TRAY_URL
