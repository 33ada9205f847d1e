#!/usr/bin/env bash
# Runs the bundled suite and the Chromium domain with the reference agent at --parallel 4, RUNS
# times each (default 10), and prints one line per run; exits 1 if any episode scored below 1.
# Issue 16's check that observations stay true under load: every run must pass 46/46 and 10/10.
#   ./scripts/stability.sh [RUNS] [extra deskgym eval arguments…]
# Uses the release build (swift build -c release --product deskgym) and a scratch folder for runs.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
shift || true
deskgym=${DESKGYM:-.build/release/deskgym}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/deskgym-stability.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
failed=0
for suite in tasks tasks/chrome; do
    for ((run = 1; run <= runs; run++)); do
        out="$scratch/$(basename "$suite")-$run"
        started=$(date +%s)
        if "$deskgym" eval "$suite" --agent reference --parallel 4 --out "$out" --fail-below 1 "$@" >"$out.log" 2>&1; then
            status=pass
        else
            status=FAIL
            failed=1
        fi
        summary=$(grep -E "^total" "$out.log" | tail -1 | tr -s ' ')
        printf '%-12s run %2d: %s in %ss  %s\n' "$suite" "$run" "$status" "$(($(date +%s) - started))" "$summary"
        if [ "$status" = FAIL ]; then
            grep -E " 0\.00$|error" "$out.log" | head -5 | sed 's/^/    /'
        fi
    done
done
exit $failed
