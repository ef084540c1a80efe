#!/usr/bin/env bash
# Browser suite: a real browser through the desktop client's ftrack login, end to end on 127.0.0.1.
#   1. Debian's Chromium (build/ensure-chromium.sh installs it with apt-get when missing) and playwright-core from
#      package-lock.json (npm ci, cache under tests/Browser/.npm-cache); Playwright never downloads a browser;
#   2. builds src/Sandbox and src/Client, starts `AyonFtrack.Sandbox emulators` (AYON and ftrack on free ports); the
#      ftrack URL and the API user and key printed by it go to node through the environment only;
#   3. runs checks/*.test.mjs with node's test runner: each starts the real `ayon-ftrack-desktop login --no-browser`,
#      drives Chromium to the URL it prints and signs in on the emulator's /user/api_credentials page;
#   4. stops the emulators (also on failure or Ctrl+C) and ends with "browser: N passed, N failed" (exit 1 on failure).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
started=$(date +%s)

suite=browser
# shellcheck source=../lib/node-suite.sh
source "$root/tests/lib/node-suite.sh"

CHROMIUM="$(bash "$root/build/ensure-chromium.sh")" || fail_setup "no Chromium (see the line above)"
export CHROMIUM
echo "browser: $("$CHROMIUM" --version 2>/dev/null | head -n 1)"

cd "$here" || fail_setup "cannot enter $here"
if ! npm ci --cache "$here/.npm-cache" --prefer-offline --no-audit --no-fund --loglevel=error; then
  fail_setup "npm ci failed"
fi

for project in src/Sandbox src/Client; do
  if ! dotnet build "$root/$project" -v q -nologo -clp:NoSummary >"$here/.build.log" 2>&1; then
    cat "$here/.build.log"
    fail_setup "building $project failed"
  fi
done
sandbox="$root/src/Sandbox/bin/Debug/net10.0/AyonFtrack.Sandbox.dll"
AYON_FTRACK_DESKTOP_DLL="$root/src/Client/bin/Debug/net10.0/AyonFtrack.Client.dll"
[ -f "$sandbox" ] && [ -f "$AYON_FTRACK_DESKTOP_DLL" ] || fail_setup "the build left no $sandbox or $AYON_FTRACK_DESKTOP_DLL"
export AYON_FTRACK_DESKTOP_DLL

# The emulators with their stdout on a pipe read here (nothing lands on disk).
exec {emulator_out}< <(exec dotnet "$sandbox" emulators 2>&1)
emulator_pid=$!
FTRACK_SERVER="" FTRACK_API_USER="" FTRACK_API_KEY=""
while IFS= read -r -t 120 line <&"$emulator_out"; do
  case "$line" in
    "ftrack emulator: "*) FTRACK_SERVER="${line#ftrack emulator: }"; FTRACK_SERVER="${FTRACK_SERVER%% *}" ;;
    "ftrack API user: "*) FTRACK_API_USER="${line#ftrack API user: }" ;;
    "ftrack API key: "*) FTRACK_API_KEY="${line#ftrack API key: }" ;;
    "AYON service API key: "*) ;;
    "Press Ctrl+C to stop.") break ;;
    *) echo "emulators: $line" ;;
  esac
done
[ -n "$FTRACK_SERVER" ] && [ -n "$FTRACK_API_KEY" ] || fail_setup "the emulators did not start"
cat <&"$emulator_out" >/dev/null &
echo "browser: ftrack emulator $FTRACK_SERVER (user $FTRACK_API_USER), ready after $(( $(date +%s) - started )) s"

export FTRACK_SERVER FTRACK_API_USER FTRACK_API_KEY
run_node_checks --test-concurrency=1 --test-timeout=240000
echo "browser: whole run $(( $(date +%s) - started )) s"
echo "browser: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
