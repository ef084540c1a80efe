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

HERE = os.path.dirname(os.path.abspath(__file__))
# The stubs (as support.py adds them; not imported here so that these tests also run on a Python without pydantic).
if os.path.join(HERE, "stubs") not in sys.path:
    sys.path.insert(0, os.path.join(HERE, "stubs"))
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
        elif message.get("command") == "stop":
            note("stop")
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
    if "--no-browser" in sys.argv:
        sys.stderr.write("ayon-ftrack-desktop login: sign in to ftrack at " + sys.argv[sys.argv.index("--server") + 1] + "/user/api_credentials?redirect_url=http://localhost:1\n")
        sys.stderr.flush()
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


class LoopbackServer(object):
    """A tiny HTTP server on 127.0.0.1: answers GET like ftrack's front page
    (200 with FTRACK_VERSION) and records POST bodies."""

    def __init__(self, ftrack_header=True):
        import http.server
        import socketserver

        owner = self
        self.posts = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                if ftrack_header:
                    self.send_header("FTRACK_VERSION", "4.13")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                owner.posts.append((self.path, json.loads(self.rfile.read(length).decode("utf-8"))))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:{}".format(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def close(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)


class AddonFixture(object):
    """An FtrackAddon with the fake binary in its private files, the stubs
    reset, os.environ restored and the logs captured."""

    KEY = "s3cret-ftrack-key-5a9e"

    def __init__(self, ftrack_url=None, enabled=True, private=True):
        import logging

        import ayon_api
        import keyring
        from ayon_core import settings as core_settings
        from ayon_core.addon import AddonsManager
        from ayon_core.tools import tray as core_tray

        self._environ = dict(os.environ)
        self.tmp = TempDir()
        self.server = None
        if ftrack_url is None:
            self.server = LoopbackServer()
            ftrack_url = self.server.url
        self.settings = {"ftrack": {"enabled": enabled, "ftrack_server": ftrack_url}}
        core_settings.STUDIO = self.settings
        core_settings.PROJECTS.clear()
        core_settings.PROJECTS["demo"] = self.settings
        core_tray.TRAY_URL = None
        keyring.STORE.clear()
        ayon_api.PRIVATE_DIRS.clear()
        del ayon_api.CALLS[:]
        private_dir = os.path.join(self.tmp.path, "private")
        if private:
            pack(private_dir)
        from ayon_ftrack import FtrackAddon

        ayon_api.PRIVATE_DIRS[("ftrack", FtrackAddon.version)] = private_dir
        for key in ("FTRACK_API_USER", "FTRACK_API_KEY", "FTRACK_SERVER", "AYON_HEADLESS_MODE"):
            os.environ.pop(key, None)
        os.environ.update(FAKE_DIR=self.tmp.path, FAKE_LOGIN_USER="artist", FAKE_LOGIN_KEY=self.KEY, FAKE_VALID_KEY=self.KEY)
        os.environ["AYON_ADDONS_RESOURCES_DIR"] = os.path.join(self.tmp.path, "resources")

        self.records = []
        fixture = self

        class Capture(logging.Handler):
            def emit(self, record):
                fixture.records.append(self.format(record))

        self._handler = Capture(level=logging.DEBUG)
        self._handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        root = logging.getLogger()
        self._root_level = root.level
        root.setLevel(logging.DEBUG)
        root.addHandler(self._handler)

        self.addon = FtrackAddon(None, self.settings)
        self.opened = []
        self.addon.open_url = self.opened.append
        AddonsManager.registered.clear()
        AddonsManager.registered["ftrack"] = self.addon

    def calls(self, kind=None):
        return [c for c in calls(self.tmp.path) if kind is None or c["kind"] == kind]

    def log_text(self):
        return "\n".join(self.records)

    def close(self):
        import logging

        from ayon_core.addon import AddonsManager

        try:
            self.addon.stop_action_server()
        finally:
            root = logging.getLogger()
            root.removeHandler(self._handler)
            root.setLevel(self._root_level)
            AddonsManager.registered.clear()
            os.environ.clear()
            os.environ.update(self._environ)
            if self.server is not None:
                self.server.close()
            for call in calls(self.tmp.path):
                if pid_alive(call["pid"]):
                    raise AssertionError("a fake ayon-ftrack-desktop still runs: pid {}".format(call["pid"]))
            self.tmp.cleanup()
