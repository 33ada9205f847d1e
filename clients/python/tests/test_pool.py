"""Placement rules of the server pool, with a fake clock (no servers needed)."""

from __future__ import annotations

import pytest

from deskgym._core import ServerPool
from deskgym.models import Health


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_most_free_first_then_fewest_busy_then_listed_order() -> None:
    pool = ServerPool(["a:1", "http://b:2/", "c:3"])
    assert pool.urls == ["http://a:1", "http://b:2", "http://c:3"]
    healths = [Health("http://a:1", True, 4, 1, 3), Health("http://b:2", True, 2, 2, 0),
               Health("http://c:3", True, 2, 1, 1)]
    assert pool.rank(healths) == ["http://b:2", "http://c:3", "http://a:1"]
    pool.begin_placing("http://b:2")  # creates in flight count against b
    assert pool.rank(healths) == ["http://b:2", "http://c:3", "http://a:1"]
    pool.begin_placing("http://b:2")
    assert pool.rank(healths) == ["http://c:3", "http://a:1", "http://b:2"]
    pool.end_placing("http://b:2")
    pool.end_placing("http://b:2")
    assert pool.rank([Health("http://a:1", False, error="refused"), *healths[1:]]) == ["http://b:2", "http://c:3"]


def test_down_servers_sit_out_the_cooldown_unless_every_server_is_down() -> None:
    clock = Clock()
    pool = ServerPool(["http://a", "http://b"], cooldown=30, clock=clock)
    pool.mark_down("http://a", "connection refused")
    assert pool.candidates() == ["http://b"] and pool.down_reason("http://a") == "connection refused"
    clock.now += 29
    assert pool.candidates() == ["http://b"]
    pool.mark_down("http://b", "connection refused")
    assert pool.candidates() == ["http://a", "http://b"]  # nowhere else to go: try them all
    clock.now += 2
    assert pool.candidates() == ["http://a"]
    pool.mark_up("http://b")
    assert pool.candidates() == ["http://a", "http://b"]


def test_sessions_stay_with_their_server() -> None:
    pool = ServerPool(["http://a", "http://b"])
    assert pool.server_of("s1") is None  # unknown with several servers: the client asks them
    pool.remember("s1", "http://b")
    assert pool.server_of("s1") == "http://b" and pool.sessions_on("http://b") == ["s1"]
    pool.forget("s1")
    assert pool.server_of("s1") is None
    assert ServerPool(["http://only"]).server_of("anything") == "http://only"


def test_bad_url_lists_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        ServerPool([])
    with pytest.raises(ValueError, match="twice"):
        ServerPool(["http://a/", "a"])
