"""Stub of ayon-core's client package: only what the ftrack launcher addon imports."""
