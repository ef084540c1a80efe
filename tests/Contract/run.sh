#!/usr/bin/env bash
# Contract suite: ftrack's official JavaScript API (@ftrack/api, pinned in package-lock.json) against the ftrack
# emulator of src/Sandbox over 127.0.0.1.
#   1. npm ci (cache under tests/Contract/.npm-cache, so a second run works offline);
#   2. builds src/Sandbox and starts `AyonFtrack.Sandbox ftrack` on a free port; its URL and credentials are read
#      from its stdout and handed to node through the environment only (never printed, never written to a file);
#   3. runs every checks/*.test.mjs with node's test runner;
#   4. stops the emulator (also on failure or Ctrl+C) and ends with "contract: N passed, N failed" (exit 1 on any failure).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
started=$(date +%s)

suite=contract
# shellcheck source=../lib/node-suite.sh
source "$root/tests/lib/node-suite.sh"

cd "$here" || fail_setup "cannot enter $here"
if ! npm ci --cache "$here/.npm-cache" --prefer-offline --no-audit --no-fund --loglevel=error; then
  fail_setup "npm ci failed"
fi

if ! dotnet build "$root/src/Sandbox/Sandbox.csproj" -v q -nologo -clp:NoSummary >"$here/.build.log" 2>&1; then
  cat "$here/.build.log"
  fail_setup "building src/Sandbox failed"
fi
dll="$root/src/Sandbox/bin/Debug/net10.0/AyonFtrack.Sandbox.dll"
[ -f "$dll" ] || fail_setup "$dll is missing after the build"

# Start the emulator with its stdout on a pipe we read here (nothing lands on disk).
exec {emulator_out}< <(exec dotnet "$dll" ftrack 2>&1)
emulator_pid=$!
FTRACK_SERVER="" FTRACK_API_USER="" FTRACK_API_KEY=""
while IFS= read -r -t 120 line <&"$emulator_out"; do
  case "$line" in
    FTRACK_SERVER=*) FTRACK_SERVER="${line#FTRACK_SERVER=}" ;;
    FTRACK_API_USER=*) FTRACK_API_USER="${line#FTRACK_API_USER=}" ;;
    FTRACK_API_KEY=*) FTRACK_API_KEY="${line#FTRACK_API_KEY=}" ;;
    READY) break ;;
    *) echo "emulator: $line" ;;
  esac
done
if [ -z "$FTRACK_SERVER" ] || [ -z "$FTRACK_API_KEY" ]; then
  fail_setup "the ftrack emulator did not start"
fi
# Keep draining the emulator's output so it can never block on a full pipe.
cat <&"$emulator_out" >/dev/null &
echo "ftrack emulator: $FTRACK_SERVER (user $FTRACK_API_USER)"

export FTRACK_SERVER FTRACK_API_USER FTRACK_API_KEY
echo "contract: ready after $(( $(date +%s) - started )) s (npm ci, build, emulator start)"
checks_started=$(date +%s)
run_node_checks --test-timeout=120000
echo "contract: checks $(( $(date +%s) - checks_started )) s, whole run $(( $(date +%s) - started )) s"
echo "contract: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
