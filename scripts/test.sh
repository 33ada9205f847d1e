#!/usr/bin/env bash
# Sets everything up, builds Deskgym and runs every test suite. Each display suite starts and stops
# its own Xvfb sessions; nothing is left running.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# The tree is formatted as .swift-format says (swift-format ships with the toolchain); fix with
# `swift format format -i -r Package.swift Sources Tests`.
swift format lint --strict -r Package.swift Sources Tests
swift build --build-tests
swift test --skip-build "$@"
# The Python client (clients/python) is tested against the server just built.
python3 -m pip install --quiet './clients/python[test]'
DESKGYM_BIN="$(swift build --show-bin-path)/deskgym" python3 -m pytest clients/python/tests -q
# Observations true under load (issue 16): the bundled suite and the Chromium domain at
# --parallel 4, three runs each, every episode scoring 1.
DESKGYM="$(swift build --show-bin-path)/deskgym" ./scripts/stability.sh 3
