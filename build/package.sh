#!/usr/bin/env bash
# Builds the AYON addon package a studio uploads (Studio settings → Addons → Upload):
#   build/package.sh [--output DIR] [--skip-zip] [--image-prefix PREFIX] [--no-desktop] [--no-frontend] [--private DIR]
# → package/ftrack-<version>.zip with package.py, server/, public/, private/ at its root. private/ holds the launcher's
# client.zip (src/Client/launcher/ayon_ftrack) and, unless --no-desktop, the desktop client built self-contained for
# linux-x64, win-x64 and osx-arm64 (one .tar.gz each, files_info.json with their sha256): a few minutes per platform.
# --private DIR adds further files to private/.
# frontend/dist is the operator page (src/Server/Addon/frontend), built with npm (npm ci + npm run build, needs node and
# npm); --no-frontend leaves it out (a machine without node: the package then has no page, and says so).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
args=(--launcher src/Client/launcher/ayon_ftrack)
desktop=1
frontend=1
for arg in "$@"; do
  case "$arg" in
    --no-desktop) desktop=0 ;;
    --no-frontend) frontend=0 ;;
    *) args+=("$arg") ;;
  esac
done
if [ "$frontend" = 1 ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "package: npm is not installed, so the operator page (src/Server/Addon/frontend) cannot be built;" \
      "install node and npm, or run build/package.sh --no-frontend for a package without it" >&2
    exit 1
  fi
  echo "building the operator page (src/Server/Addon/frontend)"
  (cd src/Server/Addon/frontend && npm ci --no-audit --no-fund --loglevel=error >/dev/null && npm run build --silent >/dev/null)
  args+=(--frontend src/Server/Addon/frontend/dist)
fi
if [ "$desktop" = 1 ]; then
  for rid in linux-x64 win-x64 osx-arm64; do
    out="artifacts/desktop/$rid"
    rm -rf "$out"
    echo "publishing the desktop client for $rid"
    dotnet publish src/Client -c Release -r "$rid" --self-contained -p:PublishSingleFile=true -p:DebugType=none \
      -p:GenerateDocumentationFile=false -o "$out" -v quiet -nologo >/dev/null
    args+=(--desktop "$rid=$out")
  done
fi
dotnet build build/Packager -c Release -v quiet -nologo >/dev/null
dotnet build/Packager/bin/Release/net10.0/ayon-ftrack-package.dll "${args[@]}"
