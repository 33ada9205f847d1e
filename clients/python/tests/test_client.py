"""The synchronous client against a real server: episodes, batches, commands, files."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

import deskgym
from conftest import SCREEN, TASKS

HELLO = json.loads((TASKS / "os" / "create-hello-file.json").read_text())
HELLO_SOLUTION = HELLO["deskgym"]["reference_solution"]["actions"]


def test_health_reports_capacity(client: deskgym.Client, server) -> None:
    (health,) = client.health()
    assert health.up and health.server == server.url
    assert (health.capacity, health.free, health.busy) == (3, 3, 0)


def test_reference_solution_scores_one_and_reset_starts_over(client: deskgym.Client) -> None:
    with client.create_session("os/create-hello-file", screen=SCREEN) as session:
        assert session.task == "create-hello-file" and session.grammar == "pyautogui"
        first = session.observation
        assert first is not None and first.step == 0 and (first.width, first.height) == SCREEN
        image = first.image
        assert image.shape == (480, 640, 3) and image.dtype == np.uint8
        assert image.std() > 0, "the screenshot is one flat colour: no terminal drawn"
        assert any(w.title == "Terminal" for w in first.windows)

        typed = session.step(HELLO_SOLUTION[0])
        assert (typed.done, typed.reward, typed.error) == (False, 0.0, None)
        assert typed.actions[0]["action_type"] == "TYPING"
        assert typed.observation is not None and typed.observation.step == 1
        assert client.evaluate(session).score == 1.0  # the file is there before DONE too

        done = session.step(HELLO_SOLUTION[1])
        assert done.done and done.reward == 1.0
        assert done.evaluation is not None and done.evaluation.score == 1.0
        assert done.evaluation.metrics[0]["name"] == "exact_match"

        with pytest.raises(deskgym.Conflict) as refused:
            session.step("WAIT")
        assert refused.value.status == 409 and refused.value.code == "episode_done"

        fresh = session.reset()
        assert fresh.step == 0 and fresh.image.shape == (480, 640, 3)
        verdict = session.evaluate()
        assert verdict.score == 0.0 and "expected" in verdict.metrics[0].get("reason", "")
        assert session.info().steps == 0


def test_unreadable_action_counts_as_a_step_with_its_error(client: deskgym.Client) -> None:
    with client.create_session(screen=SCREEN, image="none") as session:
        assert session.observation is not None and not session.observation.has_screenshot
        result = session.step("pyautogui.clack(10, 10)")
        assert result.done is False and result.actions == []
        assert "clack" in (result.error or "")
        assert result.observation is not None and result.observation.step == 1
        with pytest.raises(ValueError, match="no screenshot"):
            _ = result.observation.image
        seen = session.observe(image="base64")
        assert seen.image.shape == (480, 640, 3) and seen.step == 1
        # A bare desktop has nothing to evaluate.
        with pytest.raises(deskgym.Conflict) as refused:
            session.evaluate()
        assert refused.value.code == "no_task"


def test_batch_step_returns_results_and_typed_errors_in_order(client: deskgym.Client) -> None:
    with client.create_session(screen=SCREEN) as a, client.create_session(screen=SCREEN, image="none") as b:
        results = client.batch_step([
            (a, 'pyautogui.write("echo batched > ~/b.txt\\n")'),
            {"session": b, "actions": [{"action_type": "PRESS", "parameters": {"key": "enter"}}]},
            {"session_id": "no-such-session", "action": "WAIT"},
        ])
        first, second, third = results
        assert isinstance(first, deskgym.StepResult) and first.session_id == a.id
        assert first.observation is not None and first.observation.image.shape == (480, 640, 3)
        assert isinstance(second, deskgym.StepResult) and second.actions[0]["action_type"] == "PRESS"
        assert isinstance(third, deskgym.NotFound) and third.code == "session_not_found"
        assert a.command("cat ~/b.txt").stdout == "batched\n"

        with pytest.raises(deskgym.BadRequest) as refused:
            client.batch_step([{"session": a, "actions": [{"action_type": "TELEPORT"}]}])
        # (docs/http-api.md promises `steps[i]` in the message; the server names `actions[0]` only.)
        assert "actions[0]" in refused.value.message and "TELEPORT" in refused.value.message
        assert a.info().steps == 1, "a refused batch must not run any step"


def test_command_output_exit_code_and_timeout(client: deskgym.Client) -> None:
    with client.create_session(screen=SCREEN, image="none") as session:
        result = session.command("echo out; echo err >&2; exit 3")
        assert (result.stdout, result.stderr, result.exit_code, result.timed_out) == ("out\n", "err\n", 3, False)
        assert not result.ok
        home = session.command("pwd; echo $DISPLAY").stdout.split("\n")
        # The session's sandbox: HOME at /home/user, its display as :0.
        assert home[0] == "/home/user" and home[1] == ":0"
        slow = session.command("echo started; sleep 30", timeout_seconds=1)
        assert slow.timed_out and slow.exit_code is None and slow.stdout == "started\n"


def test_files_round_trip_and_paths_outside_home_are_forbidden(client: deskgym.Client) -> None:
    with client.create_session(screen=SCREEN, image="none") as session:
        written = session.write_file("notes/today.txt", "café ✓\n")
        assert written.bytes == len("café ✓\n".encode()) and written.path.endswith("/notes/today.txt")
        assert session.read_file("~/notes/today.txt").decode() == "café ✓\n"
        assert session.read_file("/home/user/notes/today.txt") == "café ✓\n".encode()
        assert session.command("cat notes/today.txt").stdout == "café ✓\n"
        blob = bytes(range(256)) * 64
        session.write_file("blob.bin", blob)
        assert session.read_file("blob.bin") == blob

        for path in ("../outside.txt", "/etc/passwd"):
            with pytest.raises(deskgym.Forbidden) as refused:
                session.read_file(path)
            assert refused.value.status == 403 and refused.value.code == "path_outside_home"
        with pytest.raises(deskgym.Forbidden):
            session.write_file("../../escape.txt", b"x")
        session.command("ln -s /etc link-out")
        with pytest.raises(deskgym.Forbidden):
            session.read_file("link-out/hostname")
        with pytest.raises(deskgym.NotFound) as missing:
            session.read_file("nothing-here.txt")
        assert missing.value.code == "file_not_found"


def test_list_get_and_find_sessions_by_id(client: deskgym.Client, server) -> None:
    with client.create_session("os/create-hello-file", screen=SCREEN, image="none") as session:
        listed = [s for s in client.list_sessions() if s.session_id == session.id]
        assert len(listed) == 1 and listed[0].server == server.url
        assert listed[0].task_reference == "os/create-hello-file" and listed[0].steps == 0
        # A second client finds the session by id alone.
        with deskgym.Client(server.url) as other:
            handle = other.session(session.id)
            assert handle.server == server.url
            assert handle.step("WAIT", image="none").observation.step == 1
        assert client.get_session(session).steps == 1


def test_raw_png_screenshot_route(client: deskgym.Client) -> None:
    with client.create_session(screen=SCREEN, image="none") as session:
        try:
            image = session.screenshot()
        except deskgym.NotFound as missing:
            if missing.code == "not_found":  # the route, not the session
                pytest.skip("this server has no GET /sessions/{id}/screenshot yet")
            raise
        assert image.shape == (480, 640, 3) and image.dtype == np.uint8
        assert np.array_equal(image, session.observe(image="base64").image)


def test_accessibility_observations_carry_the_tree_and_marks(client: deskgym.Client) -> None:
    with client.create_session(screen=SCREEN, image="none", observation_type="screenshot_a11y_tree") as session:
        assert session.observation.accessibility_tree is not None
        assert session.observation.accessibility_tree.startswith("<desktop-frame")
        session.command("setsid -f mousepad >/dev/null 2>&1")
        tree = ""
        for _ in range(100):
            tree = session.observe().accessibility_tree or ""
            if '<application name="mousepad"' in tree:
                break
            time.sleep(0.3)
        assert '<application name="mousepad"' in tree
        assert "https://accessibility.ubuntu.example.org/ns/state" in tree
    with client.create_session(screen=SCREEN, image="base64", observation_type="som") as session:
        session.command("setsid -f mousepad >/dev/null 2>&1")
        marks: list = []
        for _ in range(100):
            observation = session.observe()
            marks = observation.marks
            if len(marks) > 3:
                break
            time.sleep(0.3)
        assert marks and marks[0]["mark"] == 1 and len(marks[0]["bounds"]) == 4
        assert observation.marks_table is not None and observation.marks_table.startswith("index\ttag\tname\ttext\n")
        assert observation.screenshot_png is not None
