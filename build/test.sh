#!/usr/bin/env bash
# Runs every test suite and ends with one line: "N passed, N failed".
#   1. the .NET suites (`dotnet test` over the solution; extra arguments go to dotnet test,
#      e.g. --filter FullyQualifiedName~Enroll);
#   2. every other suite: each `tests/*/run.sh` (Python, Node, browser), which installs what it needs
#      and prints its own "N passed, N failed" as its last such line. Skipped when arguments filter dotnet test.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

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
echo "dotnet: $passed passed, $failed failed"

if [ "$#" -eq 0 ]; then
  for suite in "$root"/tests/*/run.sh; do
    name="$(basename "$(dirname "$suite")")"
    log="$results/$name.log"
    echo "== $name ($suite)"
    bash "$suite" 2>&1 | tee "$log"
    suite_status=${PIPESTATUS[0]}
    line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    p=$(sed -n 's/.*\b\([0-9][0-9]*\) passed.*/\1/p' <<<"$line")
    f=$(sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p' <<<"$line")
    if [ -z "$line" ]; then
      echo "$name: its run.sh printed no 'N passed, N failed' line (exit $suite_status): counted as one failure"
      f=1
      p=0
    elif [ "$suite_status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
      echo "$name: run.sh exited $suite_status with no failed test: counted as one failure"
      f=1
    fi
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$suite_status" -ne 0 ]; then
      status=1
    fi
  done
fi

echo "$passed passed, $failed failed"
if [ "$failed" -ne 0 ] && [ "$status" -eq 0 ]; then
  status=1
fi
exit "$status"
