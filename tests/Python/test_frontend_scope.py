"""The server part declares the operator page the way ayon-backend reads it."""
import unittest

import support


class FrontendScopeTests(unittest.TestCase):
    def test_scope_is_settings_for_admins(self):
        addon = support.server().FtrackAddon
        # ayon_server/addons/models.py: FrontendScope = "settings" | "project" | "dashboard",
        # FrontendScopeSettings = {admin?: bool, manager?: bool, sidebar?: str}.
        self.assertEqual(addon.frontend_scopes, {"settings": {"admin": True}})
        for scope, settings in addon.frontend_scopes.items():
            self.assertIn(scope, ("settings", "project", "dashboard"))
            self.assertLessEqual(set(settings), {"admin", "manager", "sidebar"})


if __name__ == "__main__":
    unittest.main()
