#!/usr/bin/env bash
# Builds the AYON addon package a studio uploads (Studio settings → Addons → Upload):
#   build/package.sh [--output DIR] [--skip-zip] [--image-prefix PREFIX] [--private DIR]
# → package/ftrack-<version>.zip with package.py, server/, public/, private/ at its root.
# --private DIR: the desktop client's files for private/ (default: artifacts/client when it exists).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
args=("$@")
if [[ " ${args[*]-} " != *" --private "* ]] && [ -d artifacts/client ]; then
  args+=(--private artifacts/client)
fi
dotnet build build/Packager -c Release -v quiet -nologo >/dev/null
dotnet build/Packager/bin/Release/net10.0/ayon-ftrack-package.dll "${args[@]}"
