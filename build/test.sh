#!/usr/bin/env bash
# Runs the whole test suite (the README's `dotnet test`) and ends with one line: "N passed, N failed".
# Extra arguments go to dotnet test (e.g. --filter FullyQualifiedName~Enroll).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/TestResults"
rm -rf "$results"

dotnet test AyonFtrack.slnx \
  --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m \
  "$@"
status=$?

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host broke before any result was written: count it as a failure.
  failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
