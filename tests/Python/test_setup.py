import unittest

import support
from ayon_server.lib.postgres import Postgres


class AttributeSetupTests(unittest.TestCase):
    def setUp(self):
        Postgres.reset()
        Postgres.attributes = {
            "fps": {"name": "fps", "position": 1, "scope": ["project", "folder"], "data": {"type": "float"}},
            "resolutionWidth": {"name": "resolutionWidth", "position": 2, "scope": ["project"], "data": {"type": "integer"}},
        }

    def test_creates_both_attributes_and_asks_for_a_restart(self):
        addon = support.server().FtrackAddon()
        support.run(addon.setup())
        self.assertTrue(addon.restart_requested)
        self.assertEqual(Postgres.attributes["ftrackId"]["scope"], ["project", "folder", "task", "version", "list"])
        self.assertEqual(Postgres.attributes["ftrackPath"]["scope"], ["project", "folder", "task"])
        self.assertEqual(Postgres.attributes["ftrackId"]["data"], {"type": "string", "title": "ftrack id", "inherit": False})
        self.assertEqual(sorted(a["position"] for a in Postgres.attributes.values()), [1, 2, 3, 4])

    def test_second_setup_writes_nothing(self):
        support.run(support.server().FtrackAddon().setup())
        Postgres.executed = []
        addon = support.server().FtrackAddon()
        support.run(addon.setup())
        self.assertEqual(Postgres.executed, [])
        self.assertFalse(addon.restart_requested)

    def test_narrower_scope_is_widened_keeping_the_studios_scopes(self):
        Postgres.attributes["ftrackId"] = {"name": "ftrackId", "position": 7, "scope": ["project", "folder", "workfile"], "data": {}}
        Postgres.attributes["ftrackPath"] = {"name": "ftrackPath", "position": 8, "scope": ["project", "folder", "task"], "data": {}}
        support.run(support.server().FtrackAddon().setup())
        self.assertEqual(Postgres.attributes["ftrackId"]["position"], 7)
        self.assertEqual(Postgres.attributes["ftrackId"]["scope"], ["project", "folder", "workfile", "task", "version", "list"])
        self.assertEqual(len(Postgres.executed), 1)
