# Shared by the Node suites (tests/Contract/run.sh, tests/Browser/run.sh); sourced after `suite` (the prefix of the
# suite's lines) is set: stopping the emulator process the suite starts (`emulator_pid`, also on failure or Ctrl+C),
# `fail_setup <reason>` (one line naming it, then "<suite>: 0 passed, 1 failed", exit 1) and the Node 20+ check.
# Not a suite itself: build/test.sh runs tests/*/run.sh only.

emulator_pid=""
stop_emulator() {
  if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill -TERM "$emulator_pid" 2>/dev/null
    for _ in $(seq 1 100); do
      kill -0 "$emulator_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$emulator_pid" 2>/dev/null
    wait "$emulator_pid" 2>/dev/null
  fi
  emulator_pid=""
}
trap stop_emulator EXIT
trap 'stop_emulator; exit 130' INT TERM

fail_setup() {
  echo "$suite: $1"
  echo "$suite: 0 passed, 1 failed"
  exit 1
}

command -v node >/dev/null || fail_setup "node is not installed"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || fail_setup "node 20 or later is needed (found $(node --version))"
