#!/usr/bin/env bash
# Sets everything up and runs the main job: the desktop demonstration, then an evaluation of the
# bundled suite in tasks/ with the reference agent (runs/reference: SQLite store, trajectories,
# HTML report). Any extra arguments go to `deskgym eval`, e.g. a model endpoint:
#   ./scripts/main.sh --agent openai --base-url http://127.0.0.1:8000/v1 --model NAME --grammar uitars --out runs/NAME
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build -c release --product deskgym
deskgym=.build/release/deskgym
$deskgym demo --config vm-configs/default.yaml --out runs/demo
if (($#)); then
    exec $deskgym eval tasks --parallel 2 --report "$@"
fi
exec $deskgym eval tasks --agent reference --parallel 2 --out runs/reference --report --fail-below 1
