"""docs/examples/rollout.py runs a small batch against a real server."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import REPO


def load_example():
    path = REPO / "docs" / "examples" / "rollout.py"
    spec = importlib.util.spec_from_file_location("deskgym_rollout_example", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.asyncio
async def test_rollout_example_spreads_its_batch_over_the_servers_and_scores_it(farm, capsys) -> None:
    servers = [farm.start(capacity=1), farm.start(capacity=1)]
    rollout = load_example()
    episodes = await rollout.main(["--servers", *(s.url for s in servers), "--sessions", "2",
                                   "--screen", "640x480"])
    assert [(e.reward, e.steps, e.error) for e in episodes] == [(1.0, 2, None), (1.0, 2, None)]
    assert sorted(e.server for e in episodes) == sorted(s.url for s in servers)
    out = capsys.readouterr().out
    assert all(f"server {s.url}: 1/1 free" in out for s in servers)
    assert "mean reward 1.000 over 2 episodes" in out


@pytest.mark.asyncio
async def test_rollout_example_random_policy_gives_up_at_the_step_limit(server, capsys) -> None:
    rollout = load_example()
    episodes = await rollout.main(["--servers", server.url, "--sessions", "1", "--policy", "random",
                                   "--max-steps", "3", "--screen", "640x480", "--seed", "4"])
    (episode,) = episodes
    assert episode.error is None and episode.steps == 3 and episode.reward == 0.0
