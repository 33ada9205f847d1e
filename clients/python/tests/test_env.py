"""DeskgymEnv passes gymnasium's checker and plays real episodes."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import deskgym
from conftest import KILL_OWN_TERMINAL, SCREEN, TASKS

HELLO = json.loads((TASKS / "os" / "create-hello-file.json").read_text())


def test_check_env_passes(server) -> None:
    env = deskgym.DeskgymEnv(server.url, task="os/create-hello-file", tasks_dir=TASKS, screen=SCREEN)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            check_env(env, skip_render_check=True)
        # Warnings about determinism would mean the screens after reset differed.
        messages = [str(w.message) for w in caught]
        assert not [m for m in messages if "not equal although similar" in m], messages
        assert env.session is not None
        session_id = env.session.id
    finally:
        env.close()
    with deskgym.Client(server.url) as client, pytest.raises(deskgym.Gone):
        client.step(session_id, "WAIT")
    env.close()  # closing twice is fine


def test_spaces_and_an_episode_that_scores_one(server) -> None:
    with deskgym.Client(server.url) as client:
        env = deskgym.DeskgymEnv(client, task=HELLO, screen=SCREEN, render_mode="rgb_array", max_steps=5)
        try:
            assert env.observation_space["screenshot"].shape == (480, 640, 3)
            obs, info = env.reset(seed=7)
            assert obs in env.observation_space and info["server"] == server.url
            assert obs["instruction"] == HELLO["instruction"] and obs["last_action_error"] == ""
            assert obs["screenshot"].std() > 0
            assert np.array_equal(env.render(), obs["screenshot"])

            obs, reward, terminated, truncated, info = env.step("pyautogui.clack(1, 1)")
            assert (reward, terminated, truncated) == (0.0, False, False)
            assert "clack" in obs["last_action_error"] and info["step"] == 1 and "clack" in info["error"]

            solution = HELLO["deskgym"]["reference_solution"]["actions"]
            obs, reward, terminated, truncated, info = env.step(solution[0])
            assert obs["last_action_error"] == "" and info["actions"][0]["action_type"] == "TYPING"
            obs, reward, terminated, truncated, info = env.step(solution[1])
            assert (reward, terminated, truncated) == (1.0, True, False)
            assert info["evaluation"]["score"] == 1.0
            assert env.last_result is not None and "env_ms" in env.last_result.info

            # A reset with another task on the same session.
            other = dict(HELLO, id="hello-other", instruction="Say hi: « ✓ » 中文")
            obs, _ = env.reset(options={"task": other})
            assert obs["instruction"] == "Say hi: « ✓ » 中文" and obs in env.observation_space
        finally:
            env.close()
        assert client.list_sessions() == []


def test_accessibility_observations_in_the_spaces(server) -> None:
    with pytest.raises(ValueError, match="observation_type"):
        deskgym.DeskgymEnv(server.url, screen=SCREEN, observation_type="tree")
    env = deskgym.DeskgymEnv(server.url, screen=SCREEN, observation_type="som", max_steps=50)
    try:
        assert set(env.observation_space.spaces) >= {"accessibility_tree", "marks"}
        obs, _ = env.reset()
        assert obs in env.observation_space and obs["accessibility_tree"].startswith("<desktop-frame")
        assert env.session is not None
        env.session.command("setsid -f mousepad >/dev/null 2>&1")
        for _ in range(60):
            obs, *_ = env.step("WAIT")
            if "\tmenu\tFile\t" in obs["marks"]:
                break
        assert obs in env.observation_space
        assert obs["marks"].startswith("index\ttag\tname\ttext\n") and "\tmenu\tFile\t" in obs["marks"]
        assert '<application name="mousepad"' in obs["accessibility_tree"]
    finally:
        env.close()


def test_truncation_after_max_steps_is_scored_by_the_evaluator(server) -> None:
    env = deskgym.DeskgymEnv(server.url, task=HELLO, screen=SCREEN, max_steps=2)
    try:
        env.reset()
        solution = HELLO["deskgym"]["reference_solution"]["actions"][0]
        _, reward, terminated, truncated, _ = env.step("pyautogui.moveTo(10, 10)")
        assert (reward, terminated, truncated) == (0.0, False, False)
        _, reward, terminated, truncated, info = env.step(solution)
        assert (terminated, truncated) == (False, True)
        assert reward == 1.0 and info["evaluation"]["score"] == 1.0
    finally:
        env.close()


def test_a_broken_desktop_ends_the_episode_and_reset_starts_a_new_session(server) -> None:
    env = deskgym.DeskgymEnv(server.url, screen=SCREEN)  # a bare desktop: no task
    try:
        before, _ = env.reset()
        assert before["instruction"] == "" and before in env.observation_space
        broken_id = env.session.id
        env.session.command(KILL_OWN_TERMINAL)
        obs, reward, terminated, truncated, info = env.step("pyautogui.press('a')")
        assert (reward, terminated, truncated) == (0.0, True, False)
        assert "died" in obs["last_action_error"] and "died" in info["environment_error"]
        assert obs in env.observation_space and np.array_equal(obs["screenshot"], before["screenshot"])
        obs, info = env.reset()
        assert info["session_id"] != broken_id and obs["last_action_error"] == ""
        assert obs["screenshot"].std() > 0
    finally:
        env.close()


def test_unicode_text_space() -> None:
    space = deskgym.UnicodeText(50)
    assert "Ünïcödé ✓ 中文\n\t" in space and "" in space
    assert "\x00" not in space and "😀" not in space and "x" * 51 not in space
    space.seed(3)
    sample = space.sample()
    assert sample in space
    assert deskgym.spaces.fit_text("a\x00😀" + "b" * 60, space) == "a\ufffd\ufffd" + "b" * 47
