"""Stub of pyblish (pyblish-base): the API the ftrack publish plugins use, plain plugin discovery and a runner."""
