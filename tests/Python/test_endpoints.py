import os
import socket
import unittest
import uuid

import support
from ayon_server.addons import AddonLibrary
from ayon_server.api.dependencies import CurrentUser
from ayon_server.exceptions import AyonException, BadRequestException, ForbiddenException
from ayon_server.lib.postgres import Postgres
from ayon_server.secrets import Secrets


class HandlersAddon:
    def __init__(self, endpoint):
        self._endpoint = endpoint

    def get_custom_ftrack_handlers_endpoint(self):
        return self._endpoint


class CustomProcessorHandlersTests(unittest.TestCase):
    def setUp(self):
        Postgres.reset()
        Postgres.bundles = [
            {"name": "prod", "is_production": True, "is_staging": False, "is_dev": False,
             "addons": {"ftrack": "1.7.0+dotnet", "studio_tools": "1.0.0", "core": "1.0.0"}},
            {"name": "stage", "is_production": False, "is_staging": True, "is_dev": False,
             "addons": {"studio_tools": "1.1.0"}},
            {"name": "alice-dev", "is_production": False, "is_staging": False, "is_dev": True,
             "addons": {"studio_tools": "2.0.0-dev"}},
        ]
        AddonLibrary.addons = {
            "studio_tools": {
                "1.0.0": HandlersAddon("handlers/ftrack.zip"),
                "1.1.0": HandlersAddon("handlers/ftrack-next.zip"),
                "2.0.0-dev": HandlersAddon(""),
            },
            "core": {"1.0.0": object()},
        }
        self.addon = support.server().FtrackAddon()

    def handlers(self, variant):
        return support.run(self.addon.get_custom_processor_handlers(variant))["custom_handlers"]

    def test_endpoints_are_registered(self):
        self.addon.initialize()
        self.assertEqual(
            sorted((method, path) for method, path, _ in self.addon.endpoints),
            [("GET", "/customProcessorHandlers"), ("GET", "/ftrackProjects")],
        )

    def test_production_bundle_lists_addons_exposing_an_endpoint(self):
        self.assertEqual(
            self.handlers("production"),
            [{"addon_name": "studio_tools", "addon_version": "1.0.0", "endpoint": "handlers/ftrack.zip"}],
        )

    def test_staging_and_dev_bundles(self):
        self.assertEqual([h["addon_version"] for h in self.handlers("staging")], ["1.1.0"])
        self.assertEqual(self.handlers("alice-dev"), [])

    def test_unknown_variant_lists_nothing(self):
        self.assertEqual(self.handlers("nobody"), [])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FtrackProjectsTests(unittest.TestCase):
    def setUp(self):
        self.server_url = os.environ.get("FTRACK_EMULATOR_URL", "")
        self.user = os.environ.get("FTRACK_EMULATOR_USER", "")
        self.key = os.environ.get("FTRACK_EMULATOR_KEY", "")
        if not (self.server_url and self.user and self.key):
            self.fail("FTRACK_EMULATOR_URL/USER/KEY are not set: run tests/Python/run.sh, which starts the emulator")
        Secrets.values = {"ftrack_user": self.user, "ftrack_key": self.key}

    def addon(self, server_url=None, username="ftrack_user", api_key="ftrack_key"):
        overrides = {"production": {
            "ftrack_server": self.server_url if server_url is None else server_url,
            "service_settings": {"username": username, "api_key": api_key},
        }}
        return support.server().FtrackAddon(studio_overrides=overrides)

    def projects(self, addon, user=None):
        return support.run(addon.get_ftrack_projects(user or CurrentUser(), "production"))

    def ftrack(self, operations):
        client = support.submodule("ftrack_projects").FtrackRestClient(self.server_url, self.user, self.key)
        return client.call(operations)

    def test_lists_the_projects_of_the_ftrack_server(self):
        schema = self.ftrack([{"action": "query", "expression": "select id from ProjectSchema limit 1"}])[0]["data"][0]
        code = f"py_{uuid.uuid4().hex[:8]}"
        created = self.ftrack([{
            "action": "create",
            "entity_type": "Project",
            "entity_data": {"name": code, "full_name": "Python Show", "status": "hidden", "project_schema_id": schema["id"]},
        }])[0]["data"]
        projects = self.projects(self.addon())["projects"]
        mine = [project for project in projects if project["code"] == code]
        self.assertEqual(mine, [{"id": created["id"], "name": "Python Show", "code": code, "active": False}])
        for project in projects:
            self.assertEqual(sorted(project), ["active", "code", "id", "name"])

    def test_bad_key_is_a_readable_400_without_the_key(self):
        Secrets.values["ftrack_key"] = "not-the-key-0123456789"
        with self.assertRaises(BadRequestException) as caught:
            self.projects(self.addon())
        self.assertEqual(caught.exception.status, 400)
        self.assertIn("refused the service credentials", caught.exception.detail)
        self.assertNotIn("not-the-key-0123456789", caught.exception.detail)
        self.assertNotIn(self.key, caught.exception.detail)

    def test_unreachable_server_names_the_url(self):
        url = f"http://127.0.0.1:{free_port()}"
        with self.assertRaises(AyonException) as caught:
            self.projects(self.addon(server_url=url))
        self.assertEqual(caught.exception.status, 502)
        self.assertIn(url, caught.exception.detail)
        self.assertIn("not reachable", caught.exception.detail)

    def test_missing_settings_name_the_keys(self):
        with self.assertRaises(BadRequestException) as caught:
            self.projects(self.addon(server_url="", api_key=""))
        self.assertIn("ftrack_server", caught.exception.detail)
        self.assertIn("service_settings.api_key", caught.exception.detail)

    def test_missing_secret_is_a_readable_400(self):
        Secrets.values = {"ftrack_user": self.user}
        with self.assertRaises(BadRequestException) as caught:
            self.projects(self.addon())
        self.assertEqual(caught.exception.detail, "AYON secret 'ftrack_key' (service_settings.api_key) is missing or empty")

    def test_artists_may_not_list_projects(self):
        with self.assertRaises(ForbiddenException):
            self.projects(self.addon(), CurrentUser(name="artist", is_manager=False))
