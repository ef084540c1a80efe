"""Test bootstrap: pydantic v1 under the name ``pydantic`` (as AYON's server
pins it), the stubs on sys.path, and the built package loaded the way AYON
loads an addon (``server`` as a package, with its relative imports)."""
import asyncio
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_DIR = os.environ.get("AYON_FTRACK_PACKAGE_DIR", "")


def _use_pydantic_v1():
    import pydantic

    if pydantic.VERSION.startswith("1."):
        return
    import pydantic.v1 as v1

    sys.modules["pydantic"] = v1
    for name in ("fields", "main", "typing", "error_wrappers", "class_validators"):
        sys.modules[f"pydantic.{name}"] = importlib.import_module(f"pydantic.v1.{name}")


_use_pydantic_v1()
sys.path.insert(0, os.path.join(HERE, "stubs"))

_server = None


def server():
    """The package's ``server`` module (loaded once)."""
    global _server
    if _server is None:
        if not os.path.isfile(os.path.join(PACKAGE_DIR, "server", "__init__.py")):
            raise RuntimeError(
                f"AYON_FTRACK_PACKAGE_DIR='{PACKAGE_DIR}' holds no server/__init__.py: run build/package.sh --skip-zip first"
            )
        name = "ftrack_1_7_0_server"
        spec = importlib.util.spec_from_file_location(
            name,
            os.path.join(PACKAGE_DIR, "server", "__init__.py"),
            submodule_search_locations=[os.path.join(PACKAGE_DIR, "server")],
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        _server = module
    return _server


def submodule(name):
    server()
    return sys.modules[f"ftrack_1_7_0_server.{name}"]


def defaults():
    with open(os.path.join(PACKAGE_DIR, "server", "defaults.json"), encoding="utf-8") as stream:
        return json.load(stream)


def run(coroutine):
    return asyncio.run(coroutine)
