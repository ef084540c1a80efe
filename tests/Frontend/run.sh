#!/usr/bin/env bash
# Frontend suite: the operator page (src/Server/Addon/frontend) in a real browser against the sandbox.
#   1. npm ci in the page's folder (its committed package-lock.json);
#   2. Vitest: the page's unit and component tests;
#   3. the production build (tsc + vite build) into frontend/dist, which the sandbox's addon package then carries;
#   4. builds tests/Frontend/Harness (the demo world with leecher, processor and transmitter, commands on stdin);
#   5. browser.mjs starts the harness and drives Debian's Chromium (build/ensure-chromium.sh) with playwright-core
#      through the page: a failed job with its reason, "retry" makes it pass, a drift request shows a difference made
#      on purpose, and no request leaves for another host. A screenshot of each state goes to TestResults/Frontend/.
# Ends with "frontend: N passed, N failed" (Vitest and browser checks together); exit 1 on any failure.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
page="$root/src/Server/Addon/frontend"
results="$root/TestResults/Frontend"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$results"

passed=0
failed=0
finish() {
  echo "frontend: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && exit 0 || exit 1
}
fail_setup() {
  echo "frontend: $1"
  failed=$((failed + 1))
  finish
}

command -v node >/dev/null || fail_setup "node is not installed"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || fail_setup "node 20 or later is needed (found $(node --version))"

cd "$page" || fail_setup "cannot enter $page"
npm ci --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1 || { tail -n 20 "$work/npm.log"; fail_setup "npm ci failed"; }

# Vitest
npx vitest run --reporter=default --reporter=json --outputFile="$work/vitest.json" 2>&1 | tail -n 25
if [ -f "$work/vitest.json" ]; then
  read -r vp vf < <(node -e 'const r = require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests + (r.numFailedTestSuites || 0))' "$work/vitest.json")
  passed=$((passed + vp)); failed=$((failed + vf))
else
  echo "frontend: vitest wrote no report"; failed=$((failed + 1))
fi

# The build the package and the sandbox carry
if npm run build >"$work/build.log" 2>&1; then
  passed=$((passed + 1)); echo "ok - production build (tsc + vite build)"
else
  tail -n 30 "$work/build.log"; failed=$((failed + 1)); echo "not ok - production build"
  finish
fi

chromium="$(bash "$root/build/ensure-chromium.sh")" || fail_setup "no Chromium (build/ensure-chromium.sh failed)"
if ! dotnet build "$here/Harness/FrontendHarness.csproj" -v q -nologo -clp:NoSummary >"$work/harness-build.log" 2>&1; then
  cat "$work/harness-build.log"; fail_setup "building tests/Frontend/Harness failed"
fi
harness="$here/Harness/bin/Debug/net10.0/AyonFtrack.FrontendHarness.dll"
[ -f "$harness" ] || fail_setup "$harness is missing after the build"

cd "$root" || fail_setup "cannot enter $root"
AYON_FTRACK_FRONTEND_DIST="$page/dist" CHROMIUM="$chromium" HARNESS_DLL="$harness" HARNESS_DATA="$work/world" RESULTS="$results" \
  node "$here/browser.mjs" 2>&1 | tee "$work/browser.log"
line="$(grep -E '^browser: [0-9]+ passed, [0-9]+ failed$' "$work/browser.log" | tail -n 1)"
if [ -n "$line" ]; then
  read -r bp bf < <(echo "$line" | sed -E 's/^browser: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/')
  passed=$((passed + bp)); failed=$((failed + bf))
else
  echo "frontend: the browser run printed no result"; failed=$((failed + 1))
fi
finish
