"""Bad input becomes typed exceptions carrying status, code and message."""

from __future__ import annotations

import time

import pytest

import deskgym
from conftest import KILL_OWN_TERMINAL, SCREEN


def test_unknown_session_is_not_found(client: deskgym.Client) -> None:
    with pytest.raises(deskgym.NotFound) as missing:
        client.step("0000-no-such-session", "WAIT")
    error = missing.value
    assert (error.status, error.code) == (404, "session_not_found")
    assert "0000-no-such-session" in error.message and error.session_id == "0000-no-such-session"
    assert isinstance(error, deskgym.DeskgymError)
    assert str(error).startswith("404 session_not_found: ")


def test_deleted_and_expired_sessions_are_gone_with_the_reason(client: deskgym.Client) -> None:
    session = client.create_session(screen=SCREEN, image="none")
    session.delete()
    with pytest.raises(deskgym.Gone) as gone:
        session.step("WAIT")
    assert (gone.value.status, gone.value.code) == (410, "session_gone")
    assert "deleted" in gone.value.reason

    leased = client.create_session(screen=SCREEN, image="none", lease_seconds=1)
    # The sweeper reclaims it within a second or two of the lease; the listing does not renew it.
    deadline = time.monotonic() + 60
    while any(s.session_id == leased.id for s in client.list_sessions()) and time.monotonic() < deadline:
        time.sleep(0.5)
    with pytest.raises(deskgym.Gone) as expired:
        leased.observe()
    assert "lease expired" in expired.value.reason


def test_bad_fields_name_the_field(client: deskgym.Client) -> None:
    with pytest.raises(deskgym.BadRequest) as grammar:
        client.create_session(grammar="pyautogoo", screen=SCREEN)
    assert (grammar.value.status, grammar.value.code) == (400, "unknown_grammar")
    assert "field 'grammar'" in grammar.value.message and "pyautogoo" in grammar.value.message

    with pytest.raises(deskgym.BadRequest) as task:
        client.create_session("os/no-such-task", screen=SCREEN)
    assert task.value.code == "unknown_task" and "no-such-task" in task.value.message

    with pytest.raises(deskgym.BadRequest) as screen:
        client.create_session(screen=(10, 10))
    assert "screen" in screen.value.message

    with pytest.raises(deskgym.BadRequest) as malformed:
        client.request("POST", "/sessions", content=b'{"task": ', content_type="application/json")
    assert malformed.value.code == "bad_request" and "not valid JSON" in malformed.value.message

    with pytest.raises(deskgym.BadRequest) as unknown:
        client.request("POST", "/sessions", json={"taks": "os/create-hello-file"})
    assert "'taks'" in unknown.value.message and "did you mean 'task'" in unknown.value.message

    with client.create_session(screen=SCREEN, image="none") as session:
        with pytest.raises(deskgym.BadRequest) as action:
            session.step(actions=[{"action_type": "CLICK", "parameters": {"x": 1, "y": 1}},
                                  {"action_type": "TELEPORT"}])
        assert action.value.code == "invalid_action" and "actions[1]" in action.value.message
        with pytest.raises(deskgym.BadRequest) as both:
            session.step("WAIT", actions=["WAIT"])
        assert "action" in both.value.message
        assert session.info().steps == 0, "refused steps do not count"


def test_oversized_body_is_payload_too_large(client: deskgym.Client) -> None:
    with client.create_session(screen=SCREEN, image="none") as session:
        with pytest.raises(deskgym.PayloadTooLarge) as too_large:
            session.write_file("big.bin", b"x" * (2 << 20))  # the shared server takes 1 MiB
        assert (too_large.value.status, too_large.value.code) == (413, "body_too_large")
        assert session.command("test -e big.bin").exit_code == 1


def test_token_is_required_when_the_server_has_one(farm) -> None:
    server = farm.start(capacity=1, env={"DESKGYM_TOKEN": "s3cret-token-of-deskgym"})
    with deskgym.Client(server.url) as anonymous:
        (health,) = anonymous.health()  # /health needs no token
        assert health.up and health.capacity == 1
        with pytest.raises(deskgym.Unauthorized) as refused:
            anonymous.list_sessions()
        assert (refused.value.status, refused.value.code) == (401, "unauthorized")
    with deskgym.Client(server.url, token="wrong") as wrong, pytest.raises(deskgym.Unauthorized):
        wrong.list_sessions()
    with deskgym.Client(server.url, token="s3cret-token-of-deskgym") as allowed:
        assert allowed.list_sessions() == []
        assert "deskgym_capacity 1.0" in allowed.request("GET", "/metrics", raw=True).decode()


def test_unreachable_server_is_server_unavailable(farm) -> None:
    server = farm.start(capacity=1)
    url = server.url
    server.stop()
    with deskgym.Client(url, connect_timeout=2) as client:
        (health,) = client.health()
        assert not health.up and health.error
        with pytest.raises(deskgym.ServerUnavailable) as down:
            client.create_session(screen=SCREEN)
        assert down.value.status is None and url in down.value.message
        with pytest.raises(deskgym.ServerUnavailable) as lost:
            client.step("some-session", "WAIT")
        assert lost.value.server == url and "some-session" in lost.value.message


def test_a_broken_desktop_is_an_environment_error_then_gone(client: deskgym.Client) -> None:
    session = client.create_session(screen=SCREEN, image="none")
    killed = session.command(KILL_OWN_TERMINAL)
    assert killed.ok and killed.stdout.strip().isdigit(), killed
    with pytest.raises(deskgym.EnvironmentError) as broken:
        session.observe()
    assert (broken.value.status, broken.value.code) == (500, "environment_error")
    assert isinstance(broken.value, deskgym.ServerError) and "terminal" in broken.value.message
    with pytest.raises(deskgym.Gone) as gone:
        session.observe()
    assert "environment error" in gone.value.reason

    # A step that meets a broken desktop is an ended episode, not an exception.
    other = client.create_session(screen=SCREEN, image="none")
    other.command(KILL_OWN_TERMINAL)
    result = other.step("pyautogui.press('a')")
    assert result.done and result.observation is None and "died" in (result.environment_error or "")


def test_no_answer_in_time_is_a_timeout(client: deskgym.Client, server) -> None:
    with client.create_session(screen=SCREEN, image="none") as session, \
            deskgym.Client(server.url, timeout=0.5) as impatient:
        with pytest.raises(deskgym.Timeout) as late:
            impatient.step(session.id, "WAIT")  # WAIT takes 2 s on the server
        assert late.value.status is None and late.value.code == "timeout"
        assert not impatient.pool.is_down(server.url), "a slow server is not a down one"
