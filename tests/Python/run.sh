#!/usr/bin/env bash
# The Python suite: the addon's server part (built by build/package.sh, loaded with the stubs in stubs/) against
# pydantic v1, and the ftrackProjects endpoint against the ftrack emulator on 127.0.0.1. Ends with
# "python: N passed, N failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null; wait "$emulator_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

# A Python with pydantic (v1, or v2 with its bundled v1): the machine's, else Debian's python3-pydantic.
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c "import pydantic" 2>/dev/null; then python="$candidate"; break; fi
done
if [ -z "$python" ]; then
  echo "installing Debian's python3-pydantic"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pydantic) >/dev/null 2>&1
  python=/usr/bin/python3
fi
echo "python: $($python --version 2>&1), pydantic $($python -c 'import pydantic; print(pydantic.VERSION)' 2>&1)"

# The package as AYON unzips it.
if ! bash "$root/build/package.sh" --no-desktop --no-frontend --skip-zip --output "$work" >"$work/package.log" 2>&1; then
  cat "$work/package.log"
  echo "python: 0 passed, 1 failed"
  exit 1
fi
export AYON_FTRACK_PACKAGE_DIR="$(ls -d "$work"/ftrack-*/)"

# The ftrack emulator (with the AYON one, as `emulators` starts both) on free loopback ports.
for project in src/Sandbox src/Client; do
  dotnet build "$root/$project" -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; echo "python: 0 passed, 1 failed"; exit 1; }
done
export AYON_FTRACK_DESKTOP_DLL="$root/src/Client/bin/Debug/net10.0/AyonFtrack.Client.dll"
dotnet "$root/src/Sandbox/bin/Debug/net10.0/AyonFtrack.Sandbox.dll" emulators >"$work/emulators.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 120); do
  grep -q "Press Ctrl+C" "$work/emulators.log" && break
  kill -0 "$emulator_pid" 2>/dev/null || break
  sleep 0.5
done
export FTRACK_EMULATOR_URL="$(sed -n 's/^ftrack emulator: \(http[^ ]*\).*/\1/p' "$work/emulators.log")"
export FTRACK_EMULATOR_USER="$(sed -n 's/^ftrack API user: //p' "$work/emulators.log")"
export FTRACK_EMULATOR_KEY="$(sed -n 's/^ftrack API key: //p' "$work/emulators.log")"
if [ -z "$FTRACK_EMULATOR_URL" ]; then
  echo "the ftrack emulator did not start:"; cat "$work/emulators.log"
fi

cd "$here"
"$python" -B runner.py
