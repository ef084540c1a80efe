"""The browser login from the launcher's side (C-03): ``run_browser_login``
runs ``ayon-ftrack-desktop login --no-browser``, opens the page it prints and
reads the one JSON line; the tray's Credentials entry shows how it went.
With the fake binary, and with the real one against the ftrack emulator (an
HTTP client plays the browser; tests/Browser drives Chromium)."""
import os
import sys
import unittest
from urllib import error as _error
from urllib import parse as _parse
from urllib import request as _request

import client_support as cs
import keyring
from ayon_ftrack import credentials

SCRIPT = r'''import sys
{body}
'''


def fake_login(tmp, body):
    """A one-command fake binary: a Python script whose behaviour is ``body``."""
    path = os.path.join(tmp.path, "fake-login.py")
    with open(path, "w") as stream:
        stream.write(SCRIPT.format(body=body))
    return [sys.executable, path, "login", "--server", "https://studio.ftrackapp.com"]


class RunBrowserLoginTests(unittest.TestCase):
    def setUp(self):
        self.tmp = cs.TempDir()
        self.opened = []

    def tearDown(self):
        self.tmp.cleanup()

    def test_opens_the_printed_page_and_returns_the_credentials(self):
        command = fake_login(self.tmp, (
            'sys.stderr.write("ayon-ftrack-desktop login: sign in to ftrack at https://studio.ftrackapp.com/user/api_credentials?redirect_url=http://localhost:5\\n")\n'
            'sys.stderr.flush()\n'
            'assert sys.argv[-3:] == ["--no-browser", "--timeout", "42"], sys.argv\n'
            'print(\'{"username": "artist", "api_key": "k-123"}\')'
        ))
        result = credentials.run_browser_login(command, dict(os.environ), self.opened.append, wait_seconds=42)
        self.assertEqual(result, ("artist", "k-123"))
        self.assertEqual(self.opened, ["https://studio.ftrackapp.com/user/api_credentials?redirect_url=http://localhost:5"])

    def test_a_failed_login_raises_its_last_line_without_the_url_line(self):
        command = fake_login(self.tmp, (
            'sys.stderr.write("ayon-ftrack-desktop login: sign in to ftrack at https://x/user/api_credentials?redirect_url=http://localhost:5\\n")\n'
            'sys.stderr.write("ayon-ftrack-desktop login: no sign-in came back from ftrack within 3 s; run the login again\\n")\n'
            'sys.exit(1)'
        ))
        with self.assertRaises(credentials.LoginError) as raised:
            credentials.run_browser_login(command, dict(os.environ), self.opened.append)
        self.assertEqual(str(raised.exception), "ayon-ftrack-desktop login: no sign-in came back from ftrack within 3 s; run the login again")

    def test_output_that_is_not_the_credentials_line_is_refused_without_echoing_it(self):
        for output in ('print("not json")', 'print(\'{"username": "artist"}\')', 'print(\'{"username": "", "api_key": "k"}\')', "pass"):
            command = fake_login(self.tmp, output)
            with self.assertRaises(credentials.LoginError) as raised:
                credentials.run_browser_login(command, dict(os.environ), self.opened.append)
            self.assertEqual(str(raised.exception), "ayon-ftrack-desktop login printed no credentials")

    def test_a_browser_that_cannot_open_is_named_when_the_login_then_fails(self):
        command = fake_login(self.tmp, (
            'sys.stderr.write("ayon-ftrack-desktop login: sign in to ftrack at https://x/p\\n")\n'
            'sys.stderr.flush()\n'
            'import time; time.sleep(0.5)\n'
            'sys.exit(1)'
        ))

        def no_browser(url):
            raise OSError("no display")

        with self.assertRaises(credentials.LoginError) as raised:
            credentials.run_browser_login(command, dict(os.environ), no_browser)
        self.assertEqual(str(raised.exception), "ayon-ftrack-desktop login: the browser could not be opened (no display)")

    def test_a_missing_binary_is_one_line(self):
        with self.assertRaises(credentials.LoginError) as raised:
            credentials.run_browser_login([os.path.join(self.tmp.path, "absent"), "login"], dict(os.environ), self.opened.append)
        self.assertIn("cannot run", str(raised.exception))


class TrayLoginEntryTests(unittest.TestCase):
    def setUp(self):
        self.fixture = cs.AddonFixture()
        self.addon = self.fixture.addon
        self.addon.tray_init()

    def tearDown(self):
        self.fixture.close()

    def labels(self):
        return [entry["label"] for entry in self.addon._menu.entries()]

    def test_a_failed_login_shows_its_reason_on_the_credentials_entry(self):
        os.environ["FAKE_LOGIN_FAIL"] = "1"
        self.addon._menu.trigger("login").join(30)
        labels = self.labels()
        self.assertEqual(labels[0], "Credentials: not logged in (login failed: the ftrack login was cancelled in the browser)")
        self.assertEqual(labels[1], "Log in...")
        self.assertEqual(keyring.STORE, {})

    def test_a_successful_login_clears_the_failure_and_stores_the_original_keyring_items(self):
        os.environ["FAKE_LOGIN_FAIL"] = "1"
        self.addon._menu.trigger("login").join(30)
        del os.environ["FAKE_LOGIN_FAIL"]
        self.addon._menu.trigger("login").join(30)
        self.assertEqual(self.labels()[0], "Credentials: logged in as artist")
        self.assertEqual(keyring.get_password("AYON/ftrack/127.0.0.1/username", "username"), "artist")
        self.assertEqual(keyring.get_password("AYON/ftrack/127.0.0.1/api_key", "api_key"), self.fixture.KEY)
        self.assertNotIn(self.fixture.KEY, self.fixture.log_text())


def sign_in_over_http(username, password, outcomes):
    """A browser without a screen: loads the sign-in page the binary printed, posts the form, follows the redirect."""

    def open_url(url):
        try:
            page = _request.urlopen(url, timeout=60).read().decode("utf-8")
            outcomes.append(("form", "<form" in page))
            query = _parse.parse_qs(_parse.urlparse(url).query)
            form = _parse.urlencode({"redirect_url": query["redirect_url"][0], "username": username, "password": password}).encode("ascii")
            target = url.split("?", 1)[0]
            page = _request.urlopen(_request.Request(target, data=form, method="POST"), timeout=120).read().decode("utf-8")
            outcomes.append(("landed", page))
        except _error.HTTPError as failure:
            outcomes.append(("refused", failure.code))

    return open_url


class RealBinaryLoginTests(unittest.TestCase):
    """The real ``ayon-ftrack-desktop login`` against the ftrack emulator's sign-in page (tests/Python/run.sh starts it)."""

    def setUp(self):
        self.dll = os.environ.get("AYON_FTRACK_DESKTOP_DLL", "")
        self.url = os.environ.get("FTRACK_EMULATOR_URL", "")
        if not (os.path.isfile(self.dll) and self.url):
            self.fail("AYON_FTRACK_DESKTOP_DLL and FTRACK_EMULATOR_URL are not set: run tests/Python/run.sh")
        self.user = os.environ["FTRACK_EMULATOR_USER"]
        self.key = os.environ["FTRACK_EMULATOR_KEY"]
        keyring.STORE.clear()

    def tearDown(self):
        keyring.STORE.clear()

    def command(self):
        return ["dotnet", self.dll, "login", "--server", self.url]

    def test_signing_in_stores_the_validated_credentials_under_the_original_keyring_names(self):
        outcomes = []
        username, api_key = credentials.run_browser_login(
            self.command(), dict(os.environ), sign_in_over_http(self.user, self.key, outcomes), wait_seconds=120
        )
        credentials.save_credentials(username, api_key, self.url)
        self.assertEqual(outcomes[0], ("form", True))
        self.assertEqual(outcomes[1][0], "landed")
        self.assertIn("You can close this window now.", outcomes[1][1])
        self.assertNotIn(self.key, outcomes[1][1])
        host = _parse.urlparse(self.url).hostname
        self.assertEqual(keyring.get_password("AYON/ftrack/{}/username".format(host), "username"), self.user)
        self.assertEqual(keyring.get_password("AYON/ftrack/{}/api_key".format(host), "api_key"), self.key)

    def test_a_wrong_password_gives_no_credentials_and_a_readable_line(self):
        outcomes = []
        with self.assertRaises(credentials.LoginError) as raised:
            credentials.run_browser_login(
                self.command(), dict(os.environ), sign_in_over_http(self.user, "wrong-password", outcomes), wait_seconds=5
            )
        self.assertEqual(outcomes[-1], ("refused", 401))
        self.assertEqual(
            str(raised.exception),
            "ayon-ftrack-desktop login: no sign-in came back from ftrack within 5 s"
            " (was the browser page closed before signing in?); run the login again",
        )
        self.assertEqual(keyring.STORE, {})


if __name__ == "__main__":
    unittest.main()
