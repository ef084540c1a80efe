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

# Runs checks/*.test.mjs with node's test runner (extra node options in "$@"), prints its TAP report with the API key
# masked out (should a failing check print it, it never reaches the log), then unsets FTRACK_API_KEY, stops the
# emulator and sets `passed` and `failed` (cancelled checks, or node failing with no failed check, count as failed).
run_node_checks() {
  local report node_status cancelled
  report="$(mktemp)"
  node --test --test-force-exit --test-reporter=tap --test-reporter-destination=stdout "$@" checks/*.test.mjs 2>&1 \
    | awk 'BEGIN { key = ENVIRON["FTRACK_API_KEY"] } { if (key != "") gsub(key, "<api-key>"); print; fflush() }' \
    | tee "$report"
  node_status=${PIPESTATUS[0]}
  unset FTRACK_API_KEY
  stop_emulator
  passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$report" | tail -n 1)
  failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$report" | tail -n 1)
  cancelled=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$report" | tail -n 1)
  rm -f "$report"
  passed=${passed:-0}
  failed=$(( ${failed:-0} + ${cancelled:-0} ))
  if [ "$node_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
  fi
}
