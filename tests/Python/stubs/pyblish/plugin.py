"""Stub of pyblish.plugin.discover: imports every ``.py`` file of the given
folders (sorted) and returns their plugin classes; a second class of a name
already found is dropped, as pyblish does."""
import importlib.util
import inspect
import os

from . import api


def discover(paths):
    plugins = []
    names = set()
    for path in paths:
        for file_name in sorted(os.listdir(path)):
            if not file_name.endswith(".py") or file_name.startswith("_"):
                continue
            module_name = "pyblish_discovered_" + os.path.splitext(file_name)[0]
            spec = importlib.util.spec_from_file_location(module_name, os.path.join(path, file_name))
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            for _, value in inspect.getmembers(module, inspect.isclass):
                if (
                    issubclass(value, api.Plugin)
                    and value not in (api.Plugin, api.ContextPlugin, api.InstancePlugin)
                    and value.__module__ == module_name
                ):
                    if value.__name__ in names:
                        continue
                    names.add(value.__name__)
                    plugins.append(value)
    return plugins
