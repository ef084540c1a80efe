#!/usr/bin/env bash
# Prints the path of a working Chromium for the browser suites (one line on stdout), installing Debian's package
# `chromium` with apt-get when none is there. CHROMIUM=/path overrides. Exit 1 with one line on stderr when it cannot.
set -uo pipefail
runs() { [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }
if [ -n "${CHROMIUM:-}" ]; then
  runs "$CHROMIUM" && { echo "$CHROMIUM"; exit 0; }
  echo "ensure-chromium: CHROMIUM=$CHROMIUM does not run" >&2; exit 1
fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  runs "$candidate" && { echo "$candidate"; exit 0; }
done
as_root=""
[ "$(id -u)" -eq 0 ] || as_root="sudo -n"
if ! { $as_root apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive $as_root apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium; } >/dev/null 2>&1; then
  echo "ensure-chromium: Chromium is missing and apt-get could not install it (needs root); set CHROMIUM" >&2; exit 1
fi
runs /usr/bin/chromium && { echo /usr/bin/chromium; exit 0; }
echo "ensure-chromium: /usr/bin/chromium does not run after the install" >&2; exit 1
