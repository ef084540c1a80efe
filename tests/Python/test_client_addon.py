"""The launcher addon as ayon-core loads it: one AYONAddon, its paths, its
global environment (C-01), its tray menu, and the login/serve/exit cycle."""
import ast
import importlib.util
import inspect
import os
import sys
import unittest

import client_support as cs
import keyring
from ayon_core.addon import AYONAddon
from qtpy import QtWidgets

LAUNCHER_PROVIDED = {"ayon_core", "ayon_api", "ayon_applications", "qtpy", "aiohttp", "keyring", "ayon_ftrack", "pyblish"}
PACKAGE_DIR = os.path.join(cs.LAUNCHER_DIR, "ayon_ftrack")


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class AddonLoadTests(unittest.TestCase):
    def test_package_imports_with_exactly_one_addon_named_ftrack(self):
        module = __import__("ayon_ftrack", fromlist=("",))
        addons = {
            getattr(module, name) for name in dir(module)
            if inspect.isclass(getattr(module, name)) and issubclass(getattr(module, name), AYONAddon)
        }
        self.assertEqual([cls.__name__ for cls in addons], ["FtrackAddon"])
        addon_class = addons.pop()
        self.assertEqual(addon_class.name, "ftrack")
        version = _load(os.path.join(PACKAGE_DIR, "version.py"), "_ftrack_version").__version__
        self.assertEqual(addon_class.version, version)
        self.assertRegex(version, r"^\d+\.\d+\.\d+")
        # The version the private files are downloaded for must be the package's.
        with open(os.path.join(cs.LAUNCHER_DIR, "..", "..", "Server", "Package", "AddonPackage.cs"), encoding="utf-8") as stream:
            import re

            package_version = re.search(r'const string Version = "([^"]+)"', stream.read()).group(1)
        self.assertEqual(version, package_version)

    def test_every_source_file_parses_as_python_3_9(self):
        count = 0
        for folder, _dirs, files in os.walk(PACKAGE_DIR):
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    with open(path, encoding="utf-8") as stream:
                        source = stream.read()
                    tree = ast.parse(source, filename=path, feature_version=(3, 9))
                    annotations = [n.annotation for n in ast.walk(tree) if isinstance(n, (ast.arg, ast.AnnAssign)) and n.annotation]
                    annotations += [n.returns for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.returns]
                    for annotation in annotations:
                        for part in ast.walk(annotation):
                            # X | Y in annotations needs 3.10 when evaluated.
                            if isinstance(part, ast.BinOp) and isinstance(part.op, ast.BitOr):
                                self.fail("'|' in an annotation in {}:{}".format(path, part.lineno))
                    for node in ast.walk(tree):
                        if isinstance(node, ast.Import):
                            modules = [alias.name for alias in node.names]
                        elif isinstance(node, ast.ImportFrom) and node.level == 0:
                            modules = [node.module]
                        else:
                            modules = []
                        for module in modules:
                            top = module.split(".")[0]
                            # The stdlib, and what the AYON launcher itself provides.
                            stdlib = getattr(sys, "stdlib_module_names", None)
                            if stdlib is None:  # Python < 3.10: import it from this stdlib-only interpreter
                                stdlib = {top} if importlib.util.find_spec(top) is not None else set()
                            self.assertTrue(
                                top in stdlib or top in LAUNCHER_PROVIDED,
                                "{} imports {}".format(path, module),
                            )
                    count += 1
        self.assertGreaterEqual(count, 9)

    def test_plugin_and_launch_hook_paths_exist_and_hold_the_plugins(self):
        fixture = cs.AddonFixture()
        try:
            addon = fixture.addon
            paths = addon.get_plugin_paths()
            self.assertEqual(sorted(paths), ["actions", "publish"])
            for folder in paths["actions"] + paths["publish"] + addon.get_launch_hook_paths():
                self.assertTrue(os.path.isdir(folder), folder)
            self.assertEqual(addon.get_launcher_action_paths(), paths["actions"])
            self.assertEqual(addon.get_publish_plugin_paths("maya"), paths["publish"])

            from ayon_core.pipeline import LauncherAction
            from ayon_applications import PostLaunchHook

            actions = _load(os.path.join(paths["actions"][0], "show_in_ftrack.py"), "_show_in_ftrack")
            self.assertTrue(issubclass(actions.ShowInFtrack, LauncherAction))
            self.assertEqual(actions.ShowInFtrack.label, "Show in ftrack")
            hooks_dir = addon.get_launch_hook_paths()[0]
            hook_files = [name for name in os.listdir(hooks_dir) if name.endswith(".py")]
            self.assertEqual(len(hook_files), 1)
            hook_module = _load(os.path.join(hooks_dir, hook_files[0]), "_ftrack_hook")
            self.assertTrue(issubclass(hook_module.PostFtrackLaunchStatus, PostLaunchHook))
        finally:
            fixture.close()


class ConnectWithAddonsTests(unittest.TestCase):
    def test_python_event_handlers_of_other_addons_are_reported_not_loaded(self):
        class Other(object):
            name = "studio_tools"

            def get_ftrack_event_handler_paths(self):
                return {"user": ["/somewhere/user"], "server": []}

        class Plain(object):
            name = "plain"

        fixture = cs.AddonFixture()
        try:
            fixture.addon.connect_with_addons([Other(), Plain(), fixture.addon])
            warnings = [line for line in fixture.records if "Python ftrack event handlers" in line]
            self.assertEqual(len(warnings), 1)
            self.assertIn("addon 'studio_tools' offers Python ftrack event handlers (user)", warnings[0])
        finally:
            fixture.close()


class GlobalEnvironmentTests(unittest.TestCase):
    def test_ftrack_server_is_the_url_that_answers_like_ftrack(self):
        server = cs.LoopbackServer()
        fixture = cs.AddonFixture(ftrack_url=" " + server.url + "/ ")
        try:
            self.assertEqual(fixture.addon.get_global_environments(), {"FTRACK_SERVER": server.url})
        finally:
            fixture.close()
            server.close()

    def test_a_server_without_the_ftrack_header_is_not_accepted(self):
        server = cs.LoopbackServer(ftrack_header=False)
        fixture = cs.AddonFixture(ftrack_url=server.url)
        try:
            self.assertEqual(fixture.addon.get_global_environments(), {})
            self.assertIn("is not reachable", fixture.log_text())
        finally:
            fixture.close()
            server.close()

    def test_login_against_an_unreachable_server_is_one_readable_line(self):
        from ayon_ftrack.desktop import DesktopError

        server = cs.LoopbackServer(ftrack_header=False)
        fixture = cs.AddonFixture(ftrack_url=server.url)
        try:
            with self.assertRaises(DesktopError) as raised:
                fixture.addon.login()
            self.assertEqual(
                str(raised.exception),
                "the ftrack server '{}' of the ftrack addon settings is not reachable".format(server.url),
            )
            self.assertEqual(fixture.calls(), [])
        finally:
            fixture.close()
            server.close()

    def test_a_bare_name_tries_https_then_ftrackapp_com(self):
        from ayon_ftrack.ftrack_url import resolve_ftrack_url

        tried = []

        def check(url):
            tried.append(url)
            return url == "https://studio.ftrackapp.com"

        self.assertEqual(resolve_ftrack_url(" studio/ ", check=check), "https://studio.ftrackapp.com")
        self.assertEqual(tried, ["https://studio", "https://studio.ftrackapp.com"])
        tried[:] = []
        self.assertIsNone(resolve_ftrack_url("https://x.ftrackapp.com", check=check))
        self.assertEqual(tried, ["https://x.ftrackapp.com"])


class TrayTests(unittest.TestCase):
    def setUp(self):
        self.fixture = cs.AddonFixture()
        self.addon = self.fixture.addon

    def tearDown(self):
        self.fixture.close()

    def menu(self):
        parent = QtWidgets.QMenu("AYON")
        self.addon.tray_init()
        self.addon.tray_menu(parent)
        (menu,) = parent.menus()
        self.assertEqual(menu.title(), "ftrack")
        return menu

    def labels(self, menu):
        menu.aboutToShow.emit()
        return [(action.text(), action.isEnabled()) for action in menu.actions()]

    def test_menu_entries_when_logged_out(self):
        menu = self.menu()
        self.assertEqual(self.labels(menu), [
            ("Credentials: not logged in", False),
            ("Log in...", True),
            ("Log out", False),
            ("Action server: stopped", False),
            ("Restart action server", False),
            ("Open ftrack", True),
        ])
        menu.actions()[5].triggered.emit(False)
        self.assertEqual(self.fixture.opened, [self.fixture.server.url])

    def test_login_starts_the_action_server_and_tray_exit_stops_it(self):
        menu = self.menu()
        thread = self.addon._menu.trigger("login")
        thread.join(30)
        cs.wait_until(lambda: self.addon.action_server_state() == "connected", message="action server connected")
        labels = self.labels(menu)
        self.assertEqual(labels[0], ("Credentials: logged in as artist", False))
        self.assertEqual(labels[3], ("Action server: connected as artist", False))
        self.assertEqual(labels[2], ("Log out", True))
        self.assertEqual(keyring.get_password("AYON/ftrack/127.0.0.1/api_key", "api_key"), self.fixture.KEY)
        serve = self.fixture.calls("serve")
        self.assertEqual(len(serve), 1)
        self.assertEqual(serve[0]["user"], "artist")
        self.assertTrue(serve[0]["has_key"])

        self.addon.tray_exit()
        self.assertEqual(self.addon.action_server_state(), "stopped")
        self.assertIn("stdin-closed", [c["kind"] for c in self.fixture.calls()])
        self.assertNotIn(self.fixture.KEY, self.fixture.log_text())

    def test_tray_start_with_stored_credentials_starts_serve_and_logout_stops_it(self):
        from ayon_ftrack import credentials

        credentials.save_credentials("artist", self.fixture.KEY, self.fixture.server.url)
        self.addon.tray_init()
        self.addon.tray_start()
        cs.wait_until(lambda: self.addon.action_server_state() == "connected", message="connected")
        (serve,) = self.fixture.calls("serve")
        self.assertEqual((serve["user"], serve["has_key"]), ("artist", True))
        # The key went to the child's environment only.
        self.assertNotIn("FTRACK_API_KEY", os.environ)
        self.addon._menu.trigger("logout")
        self.assertEqual(self.addon.action_server_state(), "stopped")
        self.assertEqual(keyring.STORE, {})
        self.assertNotIn("FTRACK_API_KEY", os.environ)
        self.assertNotIn(self.fixture.KEY, self.fixture.log_text())

    def test_tray_start_without_credentials_starts_nothing(self):
        self.addon.tray_init()
        self.addon.tray_start()
        self.addon.tray_start_thread.join(30)
        self.assertEqual(self.addon.action_server_state(), "stopped")
        self.assertEqual(self.fixture.calls(), [])
        self.assertIn("not logged in to ftrack", self.fixture.log_text())


if __name__ == "__main__":
    unittest.main()


class TrayRouteTests(unittest.TestCase):
    """The tray's ``POST /addons/ftrack/credentials`` (what the gate calls from other processes)."""

    class _WebManager(object):
        def __init__(self):
            self.routes = {}

        def add_addon_route(self, addon_name, path, request_method, handler):
            self.routes[(addon_name, path, request_method)] = handler
            return "/addons/{}/{}".format(addon_name, path)

    class _Request(object):
        def __init__(self, data):
            self._data = data

        async def json(self):
            return self._data

    def setUp(self):
        self.fixture = cs.AddonFixture()
        self.addon = self.fixture.addon
        self.web = self._WebManager()
        self.addon.tray_init()
        self.addon.webserver_initialization(self.web)

    def tearDown(self):
        self.fixture.close()

    def post(self, data):
        import asyncio

        handler = self.web.routes[("ftrack", "credentials", "POST")]
        return asyncio.run(handler(self._Request(data)))

    def test_only_the_post_route_is_registered(self):
        self.assertEqual(list(self.web.routes), [("ftrack", "credentials", "POST")])

    def test_posted_credentials_are_stored_and_start_the_action_server(self):
        response = self.post({"username": "artist", "api_key": self.fixture.KEY})
        self.assertEqual(response.status, 200)
        self.assertEqual(keyring.get_password("AYON/ftrack/127.0.0.1/username", "username"), "artist")
        cs.wait_until(lambda: self.addon.action_server_state() == "connected", message="connected")
        self.assertEqual(self.addon.action_server_user(), "artist")

    def test_new_credentials_reach_a_running_action_server_on_stdin(self):
        self.post({"username": "artist", "api_key": self.fixture.KEY})
        cs.wait_until(lambda: self.addon.action_server_state() == "connected", message="connected")
        self.post({"username": "second", "api_key": self.fixture.KEY})
        cs.wait_until(lambda: self.addon.action_server_user() == "second", message="status of the new user")
        self.assertEqual(len(self.fixture.calls("serve")), 1)
        self.assertEqual([c["username"] for c in self.fixture.calls("credentials")], ["second"])
        self.assertNotIn(self.fixture.KEY, self.fixture.log_text())

    def test_incomplete_credentials_are_rejected(self):
        self.assertEqual(self.post({"username": "artist"}).status, 400)
        self.assertEqual(keyring.STORE, {})
