#!/usr/bin/env python3
"""OSWorld's harness (PyPI desktop-env's DesktopEnv) on Deskgym: how long a reset to a task's first
observation and a step take through the ``deskgym`` provider, with OSWorld's fixed sleeps set to 0.

    python3 scripts/bench_osworld_harness.py --server http://127.0.0.1:8765 [--reps 5]

Needs a running ``deskgym serve`` and ``pip install './clients/python[osworld]'`` plus
``pip install --no-deps desktop-env==1.0.2``. Prints one line per figure: median and range.
Metric modules for other domains import libraries this benchmark does not need; missing ones are
stubbed as in ``clients/python/tests/test_osworld.py``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "clients" / "python" / "tests"))

import test_osworld  # noqa: E402  (installs the stubs and registers the provider)
from desktop_env.desktop_env import DesktopEnv  # noqa: E402


def figure(name: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    print(f"{name:<58} median {statistics.median(ms):8.1f} ms   range {ms[0]:.1f}–{ms[-1]:.1f} ms   n={len(ms)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:8765")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    tasks = {name: json.loads((REPO / "tasks" / f"{name}.json").read_text())
             for name in ("os/create-hello-file", "text_editor/append-line-mousepad")}
    for a11y in (False, True):
        started = time.perf_counter()
        env = DesktopEnv(provider_name="deskgym", region=args.server, action_space="pyautogui",
                         screen_size=(1920, 1080), require_a11y_tree=a11y)
        created = time.perf_counter() - started
        try:
            suffix = " (with a11y tree)" if a11y else ""
            figure(f"DesktopEnv(provider_name='deskgym') start{suffix}", [created])
            for name, task in tasks.items():
                resets, steps = [], []
                for _ in range(args.reps):
                    began = time.perf_counter()
                    env.reset(task_config=task)
                    resets.append(time.perf_counter() - began)
                    began = time.perf_counter()
                    env.step("pyautogui.moveTo(300, 200)", pause=0)
                    steps.append(time.perf_counter() - began)
                figure(f"reset to first observation, {name}{suffix}", resets)
                figure(f"step (pyautogui.moveTo, pause=0) + observation{suffix}", steps)
        finally:
            env.close()


if __name__ == "__main__":
    main()
