"""Runs ``ayon-ftrack-desktop serve`` as a child process and keeps it alive.

The child is controlled with JSON lines: commands go to its stdin, events come
from its stdout. Rules (the original's action-server rules, C-04):

- 45 s without any line from the child: it is terminated (and restarted);
- a death within 5 s of the previous one counts as a failure, a later one
  resets the count; after 3 failures the next start waits 10 s, otherwise
  the child is started again after 1 s;
- stop: send ``stop`` and close the child's stdin (it exits when stdin
  closes), terminate it after 2 s, kill it 2 s later.

Every wait goes through ``clock`` so tests drive time by hand; nothing here
calls ``time.sleep``.
"""
import json
import logging
import subprocess
import threading
import time

SILENCE_LIMIT = 45.0
FAIL_WINDOW = 5.0
MAX_FAILS = 3
PAUSE_AFTER_FAILS = 10.0
RESTART_DELAY = 1.0
STOP_GRACE = 2.0


class MonotonicClock(object):
    """Real time. ``wait_for`` is called with ``condition`` held."""

    def now(self):
        return time.monotonic()

    def wait_for(self, condition, predicate, deadline):
        while not predicate():
            remaining = deadline - self.now()
            if remaining <= 0:
                return False
            condition.wait(remaining)
        return True


class RestartPolicy(object):
    """Decides how long to wait before the next start after a death."""

    def __init__(self, started_at):
        self._last_death = started_at
        self.failures = 0

    def delay_after_death(self, now):
        if now - self._last_death < FAIL_WINDOW:
            self.failures += 1
        else:
            self.failures = 0
        self._last_death = now
        if self.failures >= MAX_FAILS:
            self.failures = 0
            return PAUSE_AFTER_FAILS
        return RESTART_DELAY


class Redactor(object):
    """Replaces known secret values in text before it reaches a log."""

    def __init__(self):
        self._secrets = set()

    def add(self, value):
        if value:
            self._secrets.add(value)

    def __call__(self, text):
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text


class Supervisor(object):
    """Supervises one ``serve`` child at a time on a background thread.

    Args:
        argv (list[str]): The child's command line (binary and ``serve``).
        env (dict[str, str]): The child's full environment (holds the
            credentials; never logged).
        clock: ``now()`` and ``wait_for(condition, predicate, deadline)``.
        popen: ``subprocess.Popen`` or a stand-in with its signature.
        on_event (callable): Called with every event dict the child emits and
            with ``{"event": "exited", "code": N}`` when a child ends.
    """

    def __init__(self, argv, env, clock=None, popen=None, on_event=None, log=None):
        self._argv = list(argv)
        self._env = dict(env)
        self._clock = clock or MonotonicClock()
        self._popen = popen or subprocess.Popen
        self._on_event = on_event
        self.log = log or logging.getLogger("ayon_ftrack.supervisor")
        self.redact = Redactor()
        for key in ("FTRACK_API_KEY", "AYON_API_KEY"):
            self.redact.add(self._env.get(key))

        self._cond = threading.Condition()
        self._inbox = []
        self._stopping = False
        self._thread = None
        self._process = None
        self._generation = 0
        self.starts = 0
        self.exit_codes = []
        self.restart_delays = []
        self.terminated_silent = 0
        self.state = "stopped"
        self.user = None

    # --- public -----------------------------------------------------------
    def start(self):
        with self._cond:
            if self._thread is not None:
                return
            self._stopping = False
            self._thread = threading.Thread(target=self._run, name="ftrack-desktop-supervisor", daemon=True)
            self._thread.start()

    def stop(self, timeout=None):
        """Stops the child (stdin closed, then terminate, then kill) and the thread."""
        with self._cond:
            thread = self._thread
            self._stopping = True
            self._cond.notify_all()
        if thread is not None:
            thread.join(timeout)
            with self._cond:
                if not thread.is_alive():
                    self._thread = None
        return thread is None or not thread.is_alive()

    def is_running(self):
        with self._cond:
            return self._thread is not None and self._thread.is_alive()

    def send(self, command):
        """Writes one command (a dict) to the child's stdin; False when no child runs."""
        with self._cond:
            process = self._process
        if process is None or process.stdin is None:
            return False
        if command.get("command") == "credentials":
            self.redact.add(command.get("api_key"))
            self._env["FTRACK_API_USER"] = command.get("username") or ""
            self._env["FTRACK_API_KEY"] = command.get("api_key") or ""
        try:
            process.stdin.write(json.dumps(command) + "\n")
            process.stdin.flush()
        except (OSError, ValueError):
            return False
        return True

    # --- the loop ------------------------------------------------------------
    def _post(self, item):
        with self._cond:
            self._inbox.append(item)
            self._cond.notify_all()

    def _next(self, generation, deadline):
        """The next item of this child, or None at the deadline or on stop."""
        with self._cond:
            def ready():
                # Items of earlier children are dropped.
                self._inbox[:] = [item for item in self._inbox if item[1] == generation]
                return self._stopping or bool(self._inbox)

            self._clock.wait_for(self._cond, ready, deadline)
            if self._inbox:
                return self._inbox.pop(0)
            return None

    def _wait_until(self, deadline):
        """Waits until the deadline; False when asked to stop."""
        with self._cond:
            self._clock.wait_for(self._cond, lambda: self._stopping, deadline)
            return not self._stopping

    def _run(self):
        policy = RestartPolicy(self._clock.now())
        try:
            while True:
                with self._cond:
                    if self._stopping:
                        break
                code = self._run_child()
                if code is None:
                    break
                delay = policy.delay_after_death(self._clock.now())
                self.restart_delays.append(delay)
                if delay > RESTART_DELAY:
                    self.log.warning(
                        "ftrack action server failed %d times; next start in %d s", MAX_FAILS, int(delay)
                    )
                self.state = "waiting"
                if not self._wait_until(self._clock.now() + delay):
                    break
        except Exception:  # the thread must not die silently
            self.log.exception("ftrack action server supervisor failed")
        finally:
            self.state = "stopped"

    def _run_child(self):
        """Runs one child until it dies (returns its code) or stop (returns None)."""
        self._generation += 1
        generation = self._generation
        try:
            process = self._popen(
                self._argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=self._env,
                universal_newlines=True,
                bufsize=1,
            )
        except OSError as error:
            self.log.error("cannot start %s: %s", self._argv[0], error.strerror or error)
            self.exit_codes.append(-1)
            return -1
        with self._cond:
            self._process = process
        self.starts += 1
        self.state = "connecting"
        for stream, kind in ((process.stdout, "line"), (process.stderr, "stderr")):
            threading.Thread(target=self._pump, args=(stream, kind, generation), daemon=True).start()
        threading.Thread(target=self._reap, args=(process, generation), daemon=True).start()

        last_line = self._clock.now()
        try:
            while True:
                item = self._next(generation, last_line + SILENCE_LIMIT)
                if item is None:
                    with self._cond:
                        stopping = self._stopping
                    if stopping:
                        self._shutdown(process, generation)
                        return None
                    self.log.warning("ftrack action server sent nothing for %d s; terminating it", int(SILENCE_LIMIT))
                    self.terminated_silent += 1
                    return self._end(process, generation, terminate_first=True)
                kind, _, payload = item
                if kind == "exit":
                    return self._record_exit(payload)
                if kind == "line":
                    last_line = self._clock.now()
                    self._handle_line(payload)
                elif kind == "stderr":
                    self.log.info("ftrack desktop: %s", self.redact(payload.rstrip()))
        finally:
            with self._cond:
                if self._process is process:
                    self._process = None
            try:
                if process.stdin is not None:
                    process.stdin.close()
            except OSError:
                pass

    def _pump(self, stream, kind, generation):
        try:
            for line in iter(stream.readline, ""):
                self._post((kind, generation, line))
        except (OSError, ValueError):
            pass
        finally:
            stream.close()

    def _reap(self, process, generation):
        code = process.wait()
        self._post(("exit", generation, code))

    def _record_exit(self, code):
        self.exit_codes.append(code)
        self.state = "stopped"
        self.log.info("ftrack action server exited with code %s", code)
        self._emit({"event": "exited", "code": code})
        return code

    def _handle_line(self, line):
        text = line.strip()
        if not text:
            return
        try:
            event = json.loads(text)
        except ValueError:
            self.log.info("ftrack desktop: %s", self.redact(text))
            return
        if not isinstance(event, dict):
            return
        name = event.get("event")
        if name == "status":
            self.state = event.get("state") or self.state
            self.user = event.get("user") or self.user
        elif name == "error":
            self.log.warning("ftrack action server: %s", self.redact(str(event.get("message"))))
        self._emit(event)

    def _emit(self, event):
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:
                self.log.exception("ftrack action server event callback failed")

    def _shutdown(self, process, generation):
        """Stop: close stdin, wait, then terminate, then kill."""
        with self._cond:
            self._stopping = False  # let _next wait for the exit item
        try:
            try:
                if process.stdin is not None:
                    process.stdin.write(json.dumps({"command": "stop"}) + "\n")
                    process.stdin.flush()
            except (OSError, ValueError):
                pass  # already gone: closing stdin below is enough
            try:
                if process.stdin is not None:
                    process.stdin.close()
            except OSError:
                pass
            self._end(process, generation, terminate_first=False)
        finally:
            with self._cond:
                self._stopping = True

    def _end(self, process, generation, terminate_first):
        if terminate_first:
            process.terminate()
        deadline = self._clock.now() + STOP_GRACE
        while True:
            item = self._next(generation, deadline)
            if item is None:
                break
            if item[0] == "exit":
                return self._record_exit(item[2])
        if not terminate_first:
            process.terminate()
            deadline = self._clock.now() + STOP_GRACE
            while True:
                item = self._next(generation, deadline)
                if item is None:
                    break
                if item[0] == "exit":
                    return self._record_exit(item[2])
        process.kill()
        return self._record_exit(process.wait())
