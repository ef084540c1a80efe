import logging
import os
import unittest

import client_support as cs
from ayon_ftrack import supervisor as sv


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


class RealBinaryTests(unittest.TestCase):
    """The launcher's supervisor with the real C# ``ayon-ftrack-desktop serve`` against the ftrack emulator:
    the two halves of the contract (JSON lines, credentials in the env, stop) meet."""

    def test_supervisor_runs_the_real_action_server_until_stopped(self):
        dll = os.environ.get("AYON_FTRACK_DESKTOP_DLL", "")
        url = os.environ.get("FTRACK_EMULATOR_URL", "")
        if not (os.path.isfile(dll) and url):
            self.fail("AYON_FTRACK_DESKTOP_DLL and FTRACK_EMULATOR_URL are not set: run tests/Python/run.sh")
        key = os.environ["FTRACK_EMULATOR_KEY"]
        env = dict(os.environ, FTRACK_SERVER=url, FTRACK_API_USER=os.environ["FTRACK_EMULATOR_USER"], FTRACK_API_KEY=key)
        records = _Records()
        log = logging.getLogger("test.real-binary")
        log.setLevel(logging.DEBUG)
        log.addHandler(records)
        events = []
        supervisor = sv.Supervisor(["dotnet", dll, "serve"], env, log=log, on_event=events.append)
        supervisor.start()
        try:
            cs.wait_until(lambda: supervisor.state == "connected", timeout=90, message="the real serve connected to the hub")
            self.assertEqual(supervisor.user, os.environ["FTRACK_EMULATOR_USER"])
            self.assertEqual(events[0]["event"], "started")
            self.assertTrue(supervisor.send({"command": "status"}))
            cs.wait_until(lambda: len([e for e in events if e.get("event") == "status"]) >= 2, timeout=30, message="status on request")
        finally:
            supervisor.stop(timeout=30)
        self.assertFalse(supervisor.is_running())
        self.assertNotIn(key, "\n".join(records.lines))
