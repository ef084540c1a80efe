#!/usr/bin/env bash
# Builds the solution (Debug by default; pass -c Release for Release).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet build AyonFtrack.slnx "$@"
