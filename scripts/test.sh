#!/usr/bin/env bash
# Builds Deskgym and runs every test suite (each display suite starts and stops its own Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build "$@"
