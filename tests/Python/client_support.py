"""Shared by the test_client_*.py tests: the launcher package on sys.path (with
the stubs), a fake ``ayon-ftrack-desktop`` packed the way the package ships
it, a hand-driven clock and a wait-for-condition helper."""
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
import threading
import time

import support  # noqa: F401  (puts the stubs on sys.path)

HERE = os.path.dirname(os.path.abspath(__file__))
LAUNCHER_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "src", "Client", "launcher"))
if LAUNCHER_DIR not in sys.path:
    sys.path.insert(0, LAUNCHER_DIR)

FAKE_BINARY = r'''#!{python}
import json, os, signal, sys, time

def note(kind, **data):
    data.update(kind=kind, pid=os.getpid(), argv=sys.argv[1:], has_key=bool(os.environ.get("FTRACK_API_KEY")))
    with open(os.path.join(os.environ["FAKE_DIR"], "calls.jsonl"), "a") as stream:
        stream.write(json.dumps(data) + "\n")

def say(**event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()

command = sys.argv[1] if len(sys.argv) > 1 else ""
if command == "serve":
    mode = os.environ.get("FAKE_SERVE", "normal")
    note("serve", mode=mode, user=os.environ.get("FTRACK_API_USER"))
    if mode == "ignore-term":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if mode == "crash":
        say(event="started", pid=os.getpid())
        sys.exit(3)
    if mode != "silent" and mode != "ignore-term":
        say(event="started", pid=os.getpid())
        say(event="status", state="connecting", user=os.environ.get("FTRACK_API_USER"))
        say(event="status", state="connected", user=os.environ.get("FTRACK_API_USER"))
        # A careless binary: the key on stderr must be redacted by the supervisor.
        sys.stderr.write("debug: api key is " + os.environ.get("FTRACK_API_KEY", "") + "\n")
        sys.stderr.flush()
    while True:
        line = sys.stdin.readline()
        if not line:
            break
        if mode == "silent":
            continue
        message = json.loads(line)
        if message.get("command") == "status":
            say(event="status", state="connected", user=os.environ.get("FTRACK_API_USER"))
        elif message.get("command") == "credentials":
            note("credentials", username=message.get("username"), key_matches=message.get("api_key") == os.environ.get("FAKE_LOGIN_KEY"))
            say(event="status", state="connected", user=message.get("username"))
    note("stdin-closed")
    if mode in ("stubborn", "ignore-term"):
        while True:
            time.sleep(1)
    sys.exit(0)
elif command == "login":
    note("login")
    if os.environ.get("FAKE_LOGIN_FAIL"):
        sys.stderr.write("the ftrack login was cancelled in the browser\n")
        sys.exit(1)
    say(username=os.environ["FAKE_LOGIN_USER"], api_key=os.environ["FAKE_LOGIN_KEY"])
elif command == "check":
    note("check", user=os.environ.get("FTRACK_API_USER"))
    if os.environ.get("FTRACK_API_KEY") != os.environ.get("FAKE_VALID_KEY"):
        sys.stderr.write("ftrack rejected the API key of user " + str(os.environ.get("FTRACK_API_USER")) + "\n")
        sys.exit(1)
    print("ok: " + os.environ["FTRACK_API_USER"])
elif command == "show-in-ftrack":
    note("show-in-ftrack")
    print(os.environ["FTRACK_SERVER"] + "/#itemId=projects&args=" + ",".join(sys.argv[2:]))
elif command == "launch-status":
    note("launch-status")
    print("task moved to In Progress")
else:
    sys.stderr.write("unknown command " + command + "\n")
    sys.exit(2)
'''


def fake_binary_source():
    return FAKE_BINARY.replace("{python}", sys.executable)


def pack(private_dir, rid="linux-x64", name="ayon-ftrack-desktop", mode=0o644, source=None, sha256=None, members=None):
    """Writes private/ayon-ftrack-desktop-<rid>.tar.gz and files_info.json; returns the archive path.

    ``members``: extra (TarInfo, bytes or None) added as they are (for hostile archives)."""
    os.makedirs(private_dir, exist_ok=True)
    archive_name = "ayon-ftrack-desktop-{}.tar.gz".format(rid)
    archive_path = os.path.join(private_dir, archive_name)
    data = (source or fake_binary_source()).encode("utf-8")
    with tarfile.open(archive_path, "w:gz") as archive:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mode = mode
        archive.addfile(info, io.BytesIO(data))
        for member, content in members or []:
            archive.addfile(member, io.BytesIO(content) if content is not None else None)
    with open(archive_path, "rb") as stream:
        digest = hashlib.sha256(stream.read()).hexdigest()
    entry = {"name": archive_name, "platform": rid, "size": os.path.getsize(archive_path), "sha256": sha256 or digest}
    with open(os.path.join(private_dir, "files_info.json"), "w") as stream:
        json.dump([entry], stream)
    return archive_path


def calls(fake_dir):
    path = os.path.join(fake_dir, "calls.jsonl")
    if not os.path.isfile(path):
        return []
    with open(path) as stream:
        return [json.loads(line) for line in stream if line.strip()]


def wait_until(predicate, timeout=20.0, message="condition"):
    """Polls a condition until it holds; fails after a generous deadline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.01)
    raise AssertionError("timed out waiting for " + message)


class FakeClock(object):
    """Time that moves only when the test calls advance()."""

    def __init__(self):
        self._lock = threading.Lock()
        self.t = 0.0
        self.waiting_until = None
        self.checks = 0

    def now(self):
        with self._lock:
            return self.t

    def advance(self, seconds):
        with self._lock:
            self.t += seconds

    def wait_for(self, condition, predicate, deadline):
        while True:
            self.checks += 1
            if predicate():
                self.waiting_until = None
                return True
            if self.now() >= deadline:
                self.waiting_until = None
                return False
            self.waiting_until = deadline
            condition.wait(0.01)


class TempDir(object):
    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="ayon-ftrack-client-test-")

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
