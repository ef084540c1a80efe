#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed and prints its path (one line on stdout) for browser suites
# (tests/Browser, tests/Frontend). Playwright's own browser download does not work on these machines, so the suites
# drive this Chromium with playwright-core (launch option executablePath).
#   CHROMIUM=/path/to/chromium  use that binary instead (it must run `--version`).
# Installs the package `chromium` with apt-get when it is missing (needs root, or sudo without a password).
# Exit 0 with the path on stdout; exit 1 with one line on stderr naming what failed.
set -uo pipefail

works() { [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

if [ -n "${CHROMIUM:-}" ]; then
  if works "$CHROMIUM"; then echo "$CHROMIUM"; exit 0; fi
  echo "ensure-chromium: CHROMIUM=$CHROMIUM does not run (\`$CHROMIUM --version\` failed)" >&2
  exit 1
fi

for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  if works "$candidate"; then echo "$candidate"; exit 0; fi
done

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "ensure-chromium: Chromium is not installed and installing it needs root: run \`apt-get install chromium\` as root, or set CHROMIUM" >&2
    exit 1
  fi
fi
command -v apt-get >/dev/null || { echo "ensure-chromium: Chromium is not installed and there is no apt-get to install it; set CHROMIUM to a Chromium binary" >&2; exit 1; }

echo "ensure-chromium: installing Debian's chromium with apt-get (a few minutes)" >&2
log="$(mktemp)"
# A lock held by another apt-get (another suite installing at the same time) is waited for, not a failure.
if ! { $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq \
      && DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium; } >"$log" 2>&1; then
  tail -n 5 "$log" >&2
  rm -f "$log"
  echo "ensure-chromium: apt-get could not install chromium (see the lines above)" >&2
  exit 1
fi
rm -f "$log"
if works /usr/bin/chromium; then echo /usr/bin/chromium; exit 0; fi
echo "ensure-chromium: apt-get installed chromium but /usr/bin/chromium does not run" >&2
exit 1
