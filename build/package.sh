#!/usr/bin/env bash
# Builds the AYON addon package a studio uploads (Studio settings → Addons → Upload):
#   build/package.sh [--output DIR] [--skip-zip] [--image-prefix PREFIX] [--no-desktop] [--private DIR]
# → package/ftrack-<version>.zip with package.py, server/, public/, private/ at its root. private/ holds the launcher's
# client.zip (src/Client/launcher/ayon_ftrack) and, unless --no-desktop, the desktop client built self-contained for
# linux-x64, win-x64 and osx-arm64 (one .tar.gz each, files_info.json with their sha256): a few minutes per platform.
# --private DIR adds further files to private/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
args=(--launcher src/Client/launcher/ayon_ftrack)
desktop=1
for arg in "$@"; do
  if [ "$arg" = "--no-desktop" ]; then desktop=0; else args+=("$arg"); fi
done
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
