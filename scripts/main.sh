#!/usr/bin/env bash
# Sets everything up and runs the main job: the desktop demonstration, then every bundled task in
# tasks/ with its reference solution (trajectories and scores in runs/).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build -c release --product deskgym
deskgym=.build/release/deskgym
$deskgym demo --config vm-configs/default.yaml --out runs/demo
status=0
while IFS= read -r task; do
    id=$(basename "$task" .json)
    $deskgym run "$task" --agent reference --out "runs/tasks/$id" || status=1
done < <(find tasks -name '*.json' | sort)
exit $status
