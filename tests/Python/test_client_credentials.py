"""Credentials: the original's keyring names, and the gate before a process
starts (C-02): env, then keyring, then headless fails, else the browser login."""
import os
import unittest

import client_support as cs
import keyring
from ayon_core.addon import ProcessContext, ProcessPreparationError
from ayon_core.tools import tray as core_tray
from ayon_ftrack import credentials


class KeyringNameTests(unittest.TestCase):
    def setUp(self):
        keyring.STORE.clear()

    def tearDown(self):
        keyring.STORE.clear()

    def test_saved_under_the_original_service_and_account_names(self):
        credentials.save_credentials("artist", "k", "https://studio.ftrackapp.com/")
        self.assertEqual(keyring.STORE, {
            ("AYON/ftrack/studio.ftrackapp.com/username", "username"): "artist",
            ("AYON/ftrack/studio.ftrackapp.com/api_key", "api_key"): "k",
        })

    def test_a_login_stored_by_the_original_addon_is_read(self):
        # What ayon-core's AYONSecureRegistry("ftrack/<host>/<key>").set_item(key, value) writes.
        keyring.set_password("AYON/ftrack/studio.ftrackapp.com/username", "username", "old-artist")
        keyring.set_password("AYON/ftrack/studio.ftrackapp.com/api_key", "api_key", "old-key")
        self.assertEqual(credentials.get_credentials("https://studio.ftrackapp.com"), ("old-artist", "old-key"))
        self.assertEqual(credentials.get_credentials("studio.ftrackapp.com"), ("old-artist", "old-key"))
        self.assertEqual(credentials.get_credentials("https://other.ftrackapp.com"), (None, None))

    def test_clear_removes_both_items_and_tolerates_missing_ones(self):
        credentials.save_credentials("artist", "k", "https://studio.ftrackapp.com")
        credentials.clear_credentials("https://studio.ftrackapp.com")
        self.assertEqual(keyring.STORE, {})
        credentials.clear_credentials("https://studio.ftrackapp.com")


class GateTests(unittest.TestCase):
    def setUp(self):
        self.fixture = cs.AddonFixture()
        self.addon = self.fixture.addon
        self.url = self.fixture.server.url

    def tearDown(self):
        self.fixture.close()

    def gate(self, headless, project_name="demo"):
        self.addon.ensure_is_process_ready(ProcessContext("ftrack", self.addon.version, project_name, headless=headless))

    def test_headless_without_credentials_raises_and_never_opens_a_login(self):
        with self.assertRaises(ProcessPreparationError) as raised:
            self.gate(headless=True)
        self.assertIn("ftrack login details are missing", str(raised.exception))
        self.assertEqual(self.fixture.calls("login"), [])
        self.assertNotIn("FTRACK_API_KEY", os.environ)

    def test_headless_with_invalid_env_credentials_raises(self):
        os.environ.update(FTRACK_API_USER="artist", FTRACK_API_KEY="wrong-key")
        with self.assertRaises(ProcessPreparationError) as raised:
            self.gate(headless=True)
        self.assertEqual(
            str(raised.exception),
            "ftrack refused the credentials (ayon-ftrack-desktop check: ftrack rejected the API key of user artist);"
            " log in to ftrack again in the AYON tray",
        )
        self.assertEqual(len(self.fixture.calls("check")), 1)
        self.assertNotIn("wrong-key", self.fixture.log_text())

    def test_a_binary_that_cannot_be_fetched_is_a_readable_preparation_error(self):
        import ayon_api

        ayon_api.PRIVATE_DIRS.clear()
        os.environ.update(FTRACK_API_USER="artist", FTRACK_API_KEY=self.fixture.KEY)
        with self.assertRaises(ProcessPreparationError) as raised:
            self.gate(headless=True)
        self.assertIn("cannot download files_info.json of addon ftrack", str(raised.exception))
        self.assertNotIn(self.fixture.KEY, str(raised.exception))

    def test_valid_env_credentials_pass_without_keyring_or_login(self):
        os.environ.update(FTRACK_API_USER="artist", FTRACK_API_KEY=self.fixture.KEY)
        self.gate(headless=True)
        self.assertEqual([c["kind"] for c in self.fixture.calls()], ["check"])
        self.assertEqual(keyring.STORE, {})

    def test_keyring_credentials_are_checked_and_exported(self):
        credentials.save_credentials("artist", self.fixture.KEY, self.url)
        self.gate(headless=True)
        self.assertEqual(os.environ["FTRACK_API_USER"], "artist")
        self.assertEqual(os.environ["FTRACK_API_KEY"], self.fixture.KEY)
        self.assertEqual(self.fixture.calls("check")[0]["user"], "artist")

    def test_with_a_user_interface_the_login_runs_stores_exports_and_tells_the_tray(self):
        tray = cs.LoopbackServer()
        core_tray.TRAY_URL = tray.url
        try:
            self.gate(headless=False)
        finally:
            core_tray.TRAY_URL = None
            tray.close()
        self.assertEqual(len(self.fixture.calls("login")), 1)
        self.assertEqual(self.fixture.calls("login")[0]["argv"], ["login", "--server", self.url, "--no-browser", "--timeout", "300"])
        # The launcher opened the page the binary printed (the binary itself opens no browser).
        self.assertEqual(self.fixture.opened, [self.url + "/user/api_credentials?redirect_url=http://localhost:1"])
        self.assertEqual(credentials.get_credentials(self.url), ("artist", self.fixture.KEY))
        self.assertEqual(os.environ["FTRACK_API_KEY"], self.fixture.KEY)
        self.assertEqual(tray.posts, [("/addons/ftrack/credentials", {"username": "artist", "api_key": self.fixture.KEY})])
        self.assertNotIn(self.fixture.KEY, self.fixture.log_text())

    def test_a_failed_login_is_a_readable_preparation_error(self):
        os.environ["FAKE_LOGIN_FAIL"] = "1"
        with self.assertRaises(ProcessPreparationError) as raised:
            self.gate(headless=False)
        self.assertEqual(str(raised.exception), "ayon-ftrack-desktop login: the ftrack login was cancelled in the browser")
        self.assertEqual(keyring.STORE, {})

    def test_ftrack_disabled_for_the_project_skips_the_gate(self):
        from ayon_core import settings as core_settings

        core_settings.PROJECTS["off"] = {"ftrack": {"enabled": False, "ftrack_server": self.url}}
        self.gate(headless=True, project_name="off")
        self.assertEqual(self.fixture.calls(), [])

    def test_without_a_project_the_studio_settings_decide(self):
        with self.assertRaises(ProcessPreparationError):
            self.gate(headless=True, project_name=None)


if __name__ == "__main__":
    unittest.main()
