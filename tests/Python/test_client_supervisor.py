"""The supervisor of ``ayon-ftrack-desktop serve``: start, JSON lines, C-04's
restart rules on a hand-driven clock, silence, stop without orphans, and the
key kept out of the logs."""
import logging
import os
import signal
import sys
import threading
import unittest

import client_support as cs
from ayon_ftrack import supervisor as sv

KEY = "k3y-0f-the-artist-7f1c"


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


class SupervisorTests(unittest.TestCase):
    def setUp(self):
        self.tmp = cs.TempDir()
        self.binary = os.path.join(self.tmp.path, "ayon-ftrack-desktop")
        with open(self.binary, "w") as stream:
            stream.write(cs.fake_binary_source())
        os.chmod(self.binary, 0o755)
        self.clock = cs.FakeClock()
        self.records = _Records()
        self.log = logging.getLogger("test.supervisor." + self.id())
        self.log.setLevel(logging.DEBUG)
        self.log.addHandler(self.records)
        self.supervisor = None

    def tearDown(self):
        if self.supervisor is not None:
            # A child that ignores stdin and SIGTERM needs the clock to reach the kill.
            stopper = threading.Thread(target=self.supervisor.stop, kwargs={"timeout": 30})
            stopper.start()
            while stopper.is_alive():
                self.clock.advance(1)
                stopper.join(0.05)
        for call in cs.calls(self.tmp.path):
            self.assertFalse(cs.pid_alive(call["pid"]), "child %s still runs" % call["pid"])
        self.tmp.cleanup()

    def start(self, mode, events=None):
        env = dict(os.environ, FAKE_DIR=self.tmp.path, FAKE_SERVE=mode, FTRACK_API_USER="artist", FTRACK_API_KEY=KEY)
        self.supervisor = sv.Supervisor(
            [self.binary, "serve"], env, clock=self.clock, log=self.log,
            on_event=(events.append if events is not None else None),
        )
        self.supervisor.start()
        return self.supervisor

    def serve_calls(self):
        return [c for c in cs.calls(self.tmp.path) if c["kind"] == "serve"]

    def test_start_reads_status_lines_and_passes_credentials_in_env_only(self):
        events = []
        sup = self.start("normal", events)
        cs.wait_until(lambda: sup.state == "connected" and sup.user == "artist", message="connected status")
        self.assertEqual(events[0]["event"], "started")
        self.assertTrue(self.serve_calls()[0]["has_key"])
        self.assertNotIn(KEY, " ".join(self.serve_calls()[0]["argv"]))

    def test_credentials_command_reaches_the_child(self):
        sup = self.start("normal")
        cs.wait_until(lambda: sup.state == "connected", message="connected")
        self.assertTrue(sup.send({"command": "credentials", "username": "other", "api_key": "n3w-k3y"}))
        cs.wait_until(lambda: sup.user == "other", message="status for the new user")
        sent = [c for c in cs.calls(self.tmp.path) if c["kind"] == "credentials"]
        self.assertEqual(sent[0]["username"], "other")

    def test_stop_closes_stdin_and_the_child_exits_by_itself(self):
        sup = self.start("normal")
        cs.wait_until(lambda: sup.state == "connected", message="connected")
        self.assertTrue(sup.stop(timeout=20))
        kinds = [c["kind"] for c in cs.calls(self.tmp.path)]
        self.assertIn("stdin-closed", kinds)
        self.assertIn("stop", kinds)
        self.assertEqual(sup.exit_codes, [0])
        self.assertEqual(sup.starts, 1)
        self.assertFalse(cs.pid_alive(self.serve_calls()[0]["pid"]))
        self.supervisor = None

    def test_stop_terminates_a_child_that_ignores_stdin_after_two_seconds(self):
        sup = self.start("stubborn")
        cs.wait_until(lambda: sup.state == "connected", message="connected")
        stopper = threading.Thread(target=sup.stop, kwargs={"timeout": 20})
        stopper.start()
        cs.wait_until(lambda: any(c["kind"] == "stdin-closed" for c in cs.calls(self.tmp.path)), message="stdin closed")
        cs.wait_until(lambda: self.clock.waiting_until == 2.0, message="the 2 s grace")
        self.assertEqual(sup.exit_codes, [])
        self.clock.advance(2)
        stopper.join(20)
        self.assertFalse(stopper.is_alive())
        self.assertEqual(sup.exit_codes, [-signal.SIGTERM])
        self.supervisor = None

    def test_stop_kills_a_child_that_ignores_sigterm(self):
        sup = self.start("ignore-term")
        cs.wait_until(lambda: len(self.serve_calls()) == 1, message="child started")
        stopper = threading.Thread(target=sup.stop, kwargs={"timeout": 20})
        stopper.start()
        cs.wait_until(lambda: self.clock.waiting_until == 2.0, message="the stdin grace")
        self.clock.advance(2)
        cs.wait_until(lambda: self.clock.waiting_until == 4.0, message="the SIGTERM grace")
        self.clock.advance(2)
        stopper.join(20)
        self.assertEqual(sup.exit_codes, [-signal.SIGKILL])
        self.supervisor = None

    def test_crashing_child_restarts_after_1s_and_pauses_10s_after_three_quick_failures(self):
        sup = self.start("crash")
        cs.wait_until(lambda: sup.restart_delays == [1.0] and self.clock.waiting_until == 1.0, message="first restart delay")
        self.assertEqual(sup.starts, 1)
        self.clock.advance(1)
        cs.wait_until(lambda: sup.restart_delays == [1.0, 1.0] and self.clock.waiting_until == 2.0, message="second delay")
        self.assertEqual(sup.starts, 2)
        self.clock.advance(1)
        cs.wait_until(lambda: len(sup.restart_delays) == 3 and self.clock.waiting_until == 12.0, message="the 10 s pause")
        self.assertEqual(sup.restart_delays, [1.0, 1.0, 10.0])
        self.assertEqual(sup.exit_codes, [3, 3, 3])
        self.clock.advance(9)
        checks = self.clock.checks
        cs.wait_until(lambda: self.clock.checks > checks + 2, message="the supervisor looked at the clock")
        self.assertEqual(sup.starts, 3, "started again before the 10 s pause ended")
        self.clock.advance(1)
        cs.wait_until(lambda: len(sup.restart_delays) == 4, message="fourth death")
        self.assertEqual(sup.starts, 4)
        # 10 s after the previous death: not a quick failure, the count starts again.
        self.assertEqual(sup.restart_delays[-1], 1.0)
        self.assertTrue(any("failed 3 times" in line for line in self.records.lines))

    def test_silent_child_is_terminated_after_45s_and_restarted(self):
        sup = self.start("silent")
        cs.wait_until(lambda: len(self.serve_calls()) == 1 and self.clock.waiting_until == 45.0, message="waiting for a line")
        self.clock.advance(44)
        checks = self.clock.checks
        cs.wait_until(lambda: self.clock.checks > checks + 2, message="the supervisor looked at the clock")
        self.assertEqual(sup.terminated_silent, 0)
        self.clock.advance(1)
        cs.wait_until(lambda: sup.exit_codes == [-signal.SIGTERM], message="terminated")
        self.assertEqual(sup.terminated_silent, 1)
        self.assertFalse(cs.pid_alive(self.serve_calls()[0]["pid"]))
        cs.wait_until(lambda: self.clock.waiting_until is not None and sup.restart_delays, message="restart delay")
        self.clock.advance(1)
        cs.wait_until(lambda: len(self.serve_calls()) == 2, message="restarted")

    def test_heartbeats_keep_a_child_alive(self):
        sup = self.start("normal")
        cs.wait_until(lambda: sup.state == "connected" and self.clock.waiting_until == 45.0, message="connected")
        self.clock.advance(40)
        sup.send({"command": "status"})  # the answer counts like a heartbeat
        cs.wait_until(lambda: self.clock.waiting_until == 85.0, message="silence timer moved")
        self.clock.advance(40)
        checks = self.clock.checks
        cs.wait_until(lambda: self.clock.checks > checks + 2, message="the supervisor looked at the clock")
        self.assertEqual(sup.terminated_silent, 0)
        self.assertEqual(sup.starts, 1)

    def test_the_api_key_never_reaches_the_log(self):
        sup = self.start("normal")
        cs.wait_until(lambda: any("debug: api key is" in line for line in self.records.lines), message="stderr logged")
        self.assertTrue(sup.stop(timeout=20))
        self.supervisor = None
        joined = "\n".join(self.records.lines)
        self.assertIn("debug: api key is ***", joined)
        self.assertNotIn(KEY, joined)

    def test_restart_policy_counts_only_quick_deaths(self):
        policy = sv.RestartPolicy(started_at=0.0)
        self.assertEqual(policy.delay_after_death(100.0), 1.0)
        self.assertEqual(policy.failures, 0)
        self.assertEqual(policy.delay_after_death(101.0), 1.0)
        self.assertEqual(policy.delay_after_death(102.0), 1.0)
        self.assertEqual(policy.delay_after_death(103.0), 10.0)
        self.assertEqual(policy.delay_after_death(120.0), 1.0)

    def test_a_missing_binary_is_one_readable_line_and_a_retry(self):
        self.supervisor = sv.Supervisor(
            [os.path.join(self.tmp.path, "nope"), "serve"], {"FAKE_DIR": self.tmp.path}, clock=self.clock, log=self.log
        )
        self.supervisor.start()
        cs.wait_until(lambda: self.supervisor.exit_codes == [-1], message="failed start")
        self.assertTrue(any(line.startswith("cannot start ") for line in self.records.lines))


if __name__ == "__main__":
    unittest.main()
