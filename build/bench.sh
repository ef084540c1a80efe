#!/usr/bin/env bash
# Measures the product over the emulators on loopback, in Release.
#   build/bench.sh [scenario|all] [--events N]
# Prints one table and writes bench-results/<scenario>.json. Figures are reported in issue notes,
# never asserted inside tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet build tests/Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet tests/Benchmarks/bin/Release/net10.0/AyonFtrack.Benchmarks.dll "$@"
