"""Stub of ayon_core.settings: tests set STUDIO and PROJECTS."""
import copy

STUDIO = None
PROJECTS = {}


def get_studio_settings(*args, **kwargs):
    if STUDIO is None:
        raise AssertionError("stub: studio settings not set by the test")
    return copy.deepcopy(STUDIO)


def get_project_settings(project_name, *args, **kwargs):
    if project_name not in PROJECTS:
        raise AssertionError("stub: no settings for project {!r}".format(project_name))
    return copy.deepcopy(PROJECTS[project_name])
