#!/usr/bin/env bash
# Sets everything up and runs the main job: a desktop from vm-configs/default.yaml, driven with
# pyautogui actions through its terminal, checked on disk, screenshots kept in runs/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build -c release --product deskgym
exec .build/release/deskgym demo --config vm-configs/default.yaml --out runs/demo "$@"
