"""Several servers on loopback: placement by free capacity, 429 handling, failover."""

from __future__ import annotations

import socket
import threading
import time

import pytest

import deskgym
from conftest import SCREEN


def closed_port_url() -> str:
    """A loopback URL where nothing listens (the port was just free)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_sessions_go_where_most_slots_are_free(farm) -> None:
    a, b, c = farm.start(capacity=1), farm.start(capacity=2), farm.start(capacity=1)
    dead = closed_port_url()
    with deskgym.Client([dead, a.url, b.url, c.url], capacity_wait=0, connect_timeout=2) as client:
        placed = [client.create_session(screen=SCREEN, image="none") for _ in range(4)]
        # b (2 free) first; then a and c (1 free, 0 busy) before b (1 free, 1 busy); then b.
        assert [s.server for s in placed] == [b.url, a.url, c.url, b.url]
        assert client.pool.is_down(dead)
        healths = {h.server: h for h in client.health()}
        assert not healths[dead].up
        assert [(healths[u].free, healths[u].busy) for u in (a.url, b.url, c.url)] == [(0, 1), (0, 2), (0, 1)]

        # Every server answers 429: the error carries the servers' Retry-After.
        with pytest.raises(deskgym.CapacityFull) as full:
            client.create_session(screen=SCREEN, image="none")
        assert full.value.status == 429 and full.value.retry_after and full.value.retry_after > 0
        assert all(u in full.value.message for u in (a.url, b.url, c.url))

        # With time to wait, the client honours Retry-After and gets the slot freed meanwhile.
        freeing = threading.Timer(1.0, placed[2].delete)
        freeing.start()
        try:
            late = client.create_session(screen=SCREEN, image="none", capacity_wait=120)
        finally:
            freeing.join()
        assert late.server == c.url
        for session in [*placed[:2], placed[3], late]:
            session.delete()
        assert client.list_sessions() == []


def test_a_server_stopped_mid_run_fails_its_sessions_and_placement_moves_on(farm) -> None:
    a, b, c = farm.start(capacity=2), farm.start(capacity=1), farm.start(capacity=1)
    with deskgym.Client([a.url, b.url, c.url], capacity_wait=0, connect_timeout=2) as client:
        sessions = [client.create_session(screen=SCREEN, image="none") for _ in range(3)]
        assert [s.server for s in sessions] == [a.url, b.url, c.url]
        on_a, on_b, on_c = sessions
        for round_ in range(2):
            results = client.batch_step([(s, "pyautogui.press('enter')") for s in sessions])
            assert all(isinstance(r, deskgym.StepResult) for r in results), results

        # SIGTERM while a command runs on b: b finishes that request, stops its session, exits 0.
        inflight: dict[str, object] = {}

        def long_command() -> None:
            try:
                inflight["result"] = on_b.command("sleep 2; echo finished", timeout_seconds=60)
            except deskgym.DeskgymError as error:
                inflight["error"] = error

        worker = threading.Thread(target=long_command)
        worker.start()
        with deskgym.Client(b.url) as observer:
            deadline = time.monotonic() + 60
            while not any(s.session_id == on_b.id and s.busy for s in observer.list_sessions()):
                assert time.monotonic() < deadline, "the command never showed as running on b"
                time.sleep(0.05)
        assert b.stop() == 0
        worker.join()
        assert "error" not in inflight, inflight
        assert inflight["result"].stdout == "finished\n" and inflight["result"].exit_code == 0

        with pytest.raises(deskgym.ServerUnavailable) as lost:
            on_b.step("pyautogui.press('enter')")
        assert lost.value.server == b.url and on_b.id in lost.value.message
        assert client.pool.is_down(b.url)

        results = client.batch_step([(s, "pyautogui.press('enter')") for s in sessions])
        assert isinstance(results[0], deskgym.StepResult) and isinstance(results[2], deskgym.StepResult)
        assert isinstance(results[1], deskgym.ServerUnavailable) and results[1].session_id == on_b.id
        assert results[0].observation.step == 3 and results[2].observation.step == 3

        # The replacement goes to a (c is full, b is down); the survivors carry on.
        replacement = client.create_session(screen=SCREEN, image="none")
        assert replacement.server == a.url
        assert replacement.step("pyautogui.press('enter')").observation.step == 1
        assert on_c.command("echo still here").stdout == "still here\n"
        listed = {s.session_id for s in client.list_sessions()}  # b is skipped, not an error
        assert listed == {on_a.id, on_c.id, replacement.id}
        for session in (on_a, on_c, replacement):
            session.delete()
