"""What the sync and the asyncio client share: the requests each API call makes (as plain data),
how answers become results or typed errors, and the placement of sessions over several servers.
Neither does any I/O; the two clients only differ in how they send.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence
from urllib.parse import quote

import httpx

from .errors import DeskgymError, ServerUnavailable, Timeout, error_from_answer
from .models import Health

#: Connect time-out: a server on a reachable host answers a connect quickly or not at all.
DEFAULT_CONNECT_TIMEOUT = 5.0
#: Read time-out: creating a session starts a desktop and runs the task's setup (an office
#: document can take a minute on a loaded machine); a step can wait up to its settle limit.
DEFAULT_TIMEOUT = 300.0

_NO_BODY = object()


@dataclass
class Call:
    """One HTTP request of the API and how to read its answer."""

    method: str
    path: str
    json: Any = _NO_BODY
    content: bytes | None = None
    content_type: str = "application/octet-stream"
    params: dict[str, str] | None = None
    ok: tuple[int, ...] = (200,)
    #: Return the raw bytes (files, PNG) instead of decoded JSON.
    raw: bool = False
    #: Read time-out for this request, when the default is too short (long commands).
    timeout: float | None = None
    session_id: str | None = None

    def request_kwargs(self, base_timeout: httpx.Timeout) -> dict[str, Any]:
        kwargs: dict[str, Any] = {}
        if self.json is not _NO_BODY:
            kwargs["content"] = json.dumps(self.json).encode()
            kwargs["headers"] = {"Content-Type": "application/json"}
        elif self.content is not None:
            kwargs["content"] = self.content
            kwargs["headers"] = {"Content-Type": self.content_type}
        if self.params:
            kwargs["params"] = self.params
        if self.timeout is not None and (base_timeout.read is None or self.timeout > base_timeout.read):
            kwargs["timeout"] = httpx.Timeout(
                base_timeout.connect, read=self.timeout, write=base_timeout.write, pool=base_timeout.pool
            )
        return kwargs


def interpret(call: Call, server: str, response: httpx.Response) -> Any:
    """The result of an answer: decoded JSON (or bytes for raw calls), or the typed error raised."""
    if response.status_code in call.ok:
        if call.raw:
            return response.content
        try:
            return response.json()
        except ValueError as error:
            raise DeskgymError(
                f"{call.method} {call.path}: the answer is not JSON: {response.text[:200]!r}",
                status=response.status_code,
                code="bad_answer",
                server=server,
                session_id=call.session_id,
            ) from error
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    raise error_from_answer(
        response.status_code,
        body,
        server=server,
        session_id=call.session_id,
        retry_after_header=response.headers.get("Retry-After"),
    )


def transport_error(error: httpx.HTTPError, call: Call, server: str) -> DeskgymError:
    """The typed error for a request that got no answer."""
    what = f"{call.method} {call.path}"
    if isinstance(error, httpx.ConnectTimeout):
        return ServerUnavailable(f"{what}: could not connect in time: {error}", code="server_unavailable",
                                 server=server, session_id=call.session_id)
    if isinstance(error, httpx.TimeoutException):
        return Timeout(f"{what}: no answer in time ({type(error).__name__}); the server may still be working on it",
                       code="timeout", server=server, session_id=call.session_id)
    reason = str(error) or type(error).__name__
    lost = (f"; session '{call.session_id}' is held by that server and cannot be reached (create a new one)"
            if call.session_id else "")
    return ServerUnavailable(f"{what}: {reason}{lost}", code="server_unavailable", server=server,
                             session_id=call.session_id)


def counts_as_down(error: httpx.HTTPError) -> bool:
    """Whether a failed request means the server is not there (rather than slow)."""
    return isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError,
                              httpx.ReadError, httpx.WriteError))


# MARK: requests of the API


def _sid(session: Any) -> str:
    sid = getattr(session, "id", session)
    if not isinstance(sid, str) or not sid:
        raise TypeError(f"expected a Session or a session id string, got {session!r}")
    return sid


def session_path(session_id: str, tail: str = "") -> str:
    return f"/sessions/{quote(session_id, safe='')}{tail}"


def _screen(value: Any, name: str) -> dict[str, int]:
    if isinstance(value, Mapping):
        return {"width": int(value["width"]), "height": int(value["height"])}
    try:
        width, height = value
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be (width, height) or {{'width': w, 'height': h}}, got {value!r}") from None
    return {"width": int(width), "height": int(height)}


def create_body(
    *,
    task: str | Mapping[str, Any] | None = None,
    vm_config: str | None = None,
    screen: Any = None,
    grammar: str | None = None,
    lease_seconds: float | None = None,
    image: str | None = None,
    observation_size: Any = None,
    observation_type: str | None = None,
    osworld_api: bool | None = None,
    fields: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The body of ``POST /sessions``; only what is given is sent, so the server's defaults hold."""
    body: dict[str, Any] = {}
    if task is not None:
        body["task"] = dict(task) if isinstance(task, Mapping) else task
    if vm_config is not None:
        body["vm_config"] = vm_config
    if screen is not None:
        body["screen"] = _screen(screen, "screen")
    if grammar is not None:
        body["grammar"] = grammar
    if lease_seconds is not None:
        body["lease_seconds"] = lease_seconds
    if image is not None:
        body["image"] = image
    if observation_size is not None:
        body["observation_size"] = _screen(observation_size, "observation_size")
    if observation_type is not None:
        body["observation_type"] = observation_type
    if osworld_api is not None:
        body["osworld_api"] = bool(osworld_api)
    if fields:
        body.update(fields)
    return body


def step_fields(
    *,
    action: str | None = None,
    actions: Sequence[Any] | None = None,
    grammar: str | None = None,
    image: str | None = None,
    extra: Mapping[str, Any] | None = None,
    model_ms: float | None = None,
) -> dict[str, Any]:
    """The fields of one step; ``extra`` is passed through untouched (and only sent when given);
    ``model_ms`` is the model's time for this answer, kept in the training record."""
    body: dict[str, Any] = {}
    if action is not None:
        body["action"] = action
    if actions is not None:
        body["actions"] = list(actions)
    if grammar is not None:
        body["grammar"] = grammar
    if image is not None:
        body["image"] = image
    if extra is not None:
        body["extra"] = dict(extra)
    if model_ms is not None:
        body["model_ms"] = float(model_ms)
    return body


def step_call(session: Any, **kwargs: Any) -> Call:
    sid = _sid(session)
    return Call("POST", session_path(sid, "/step"), json=step_fields(**kwargs), session_id=sid)


def reset_call(session: Any, task: Any = None, vm_config: str | None = None) -> Call:
    sid = _sid(session)
    body: dict[str, Any] = {}
    if task is not None:
        body["task"] = dict(task) if isinstance(task, Mapping) else task
    if vm_config is not None:
        body["vm_config"] = vm_config
    return Call("POST", session_path(sid, "/reset"), json=body, session_id=sid)


def evaluate_call(session: Any) -> Call:
    sid = _sid(session)
    return Call("POST", session_path(sid, "/evaluate"), session_id=sid)


def observation_call(session: Any, image: str | None = None) -> Call:
    sid = _sid(session)
    return Call("GET", session_path(sid, "/observation"), params={"image": image} if image else None, session_id=sid)


def screenshot_call(session: Any) -> Call:
    sid = _sid(session)
    return Call("GET", session_path(sid, "/screenshot"), raw=True, session_id=sid)


#: How much longer than a command's own time-out the client waits for its answer (the server
#: sends SIGTERM, then SIGKILL, then answers).
COMMAND_SLACK_SECONDS = 30.0


def command_call(session: Any, command: str, timeout_seconds: float | None = None) -> Call:
    sid = _sid(session)
    body: dict[str, Any] = {"command": command}
    if timeout_seconds is not None:
        body["timeout_seconds"] = timeout_seconds
    wait = (timeout_seconds if timeout_seconds is not None else 60.0) + COMMAND_SLACK_SECONDS
    return Call("POST", session_path(sid, "/command"), json=body, timeout=wait, session_id=sid)


def read_file_call(session: Any, path: str) -> Call:
    sid = _sid(session)
    return Call("GET", session_path(sid, "/files"), params={"path": path}, raw=True, session_id=sid)


def write_file_call(session: Any, path: str, data: bytes | str) -> Call:
    sid = _sid(session)
    content = data.encode() if isinstance(data, str) else bytes(data)
    return Call("POST", session_path(sid, "/files"), params={"path": path}, content=content, ok=(201,),
                session_id=sid)


def info_call(session: Any) -> Call:
    sid = _sid(session)
    return Call("GET", session_path(sid), session_id=sid)


def delete_call(session: Any) -> Call:
    sid = _sid(session)
    return Call("DELETE", session_path(sid), session_id=sid)


def batch_entry(entry: Any) -> tuple[str, dict[str, Any]]:
    """One entry of :meth:`Client.batch_step`: a mapping with ``session`` (a Session or id) or
    ``session_id``, and the step's fields; or a ``(session, action_text)`` pair."""
    if isinstance(entry, tuple) and len(entry) == 2:
        return _sid(entry[0]), step_fields(action=entry[1])
    if not isinstance(entry, Mapping):
        raise TypeError(f"a batch entry is a mapping or a (session, action) pair, got {entry!r}")
    fields = dict(entry)
    if "session" in fields:
        sid = _sid(fields.pop("session"))
    elif "session_id" in fields:
        sid = _sid(fields.pop("session_id"))
    else:
        raise TypeError(f"a batch entry needs 'session' or 'session_id': {entry!r}")
    known = {"action", "actions", "grammar", "image", "extra", "model_ms"}
    unknown = set(fields) - known
    if unknown:
        raise TypeError(f"unknown batch entry field(s) {sorted(unknown)}; known: {sorted(known)}")
    return sid, step_fields(**fields)


# MARK: placement over several servers


def normalize_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if "://" not in url:
        url = "http://" + url
    return url


@dataclass
class _ServerState:
    url: str
    down_until: float = 0.0
    down_reason: str | None = None
    placing: int = 0


@dataclass
class ServerPool:
    """The servers a client knows, which are down, and which holds each session.

    New sessions go to the server with the most free slots (from ``GET /health``, less the
    creates this client has in flight there), ties to the one with fewer busy slots, then to
    the earlier URL. A server that could not be reached is left out for ``cooldown`` seconds.
    """

    urls: list[str]
    cooldown: float = 30.0
    clock: Callable[[], float] = time.monotonic
    _states: dict[str, _ServerState] = field(default_factory=dict, init=False)
    _where: dict[str, str] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        if isinstance(self.urls, str):
            self.urls = [self.urls]
        urls = [normalize_url(u) for u in self.urls]
        if not urls:
            raise ValueError("give at least one server URL")
        if len(set(urls)) != len(urls):
            raise ValueError(f"a server URL is listed twice: {urls}")
        self.urls = urls
        self._states = {u: _ServerState(u) for u in urls}

    def is_down(self, url: str) -> bool:
        with self._lock:
            state = self._states.get(url)
            return state is not None and state.down_until > self.clock()

    def mark_down(self, url: str, reason: str) -> None:
        with self._lock:
            if url in self._states:
                self._states[url].down_until = self.clock() + self.cooldown
                self._states[url].down_reason = reason

    def mark_up(self, url: str) -> None:
        with self._lock:
            if url in self._states:
                self._states[url].down_until = 0.0
                self._states[url].down_reason = None

    def down_reason(self, url: str) -> str | None:
        with self._lock:
            return self._states[url].down_reason if url in self._states else None

    def candidates(self) -> list[str]:
        """The servers worth asking: those not down; all of them when every one is down (a
        client with nowhere else to go tries again rather than waiting out the cool-down)."""
        now = self.clock()
        with self._lock:
            up = [u for u in self.urls if self._states[u].down_until <= now]
        return up or list(self.urls)

    def rank(self, healths: Iterable[Health]) -> list[str]:
        """Reachable servers, best first; full ones last (their health may be stale)."""
        with self._lock:
            scored = []
            for index, health in enumerate(healths):
                if not health.up:
                    continue
                placing = self._states[health.server].placing
                scored.append((-(health.free - placing), health.busy + placing, index, health.server))
        scored.sort()
        return [entry[-1] for entry in scored]

    def begin_placing(self, url: str) -> None:
        with self._lock:
            self._states[url].placing += 1

    def end_placing(self, url: str) -> None:
        with self._lock:
            self._states[url].placing -= 1

    def remember(self, session_id: str, url: str) -> None:
        with self._lock:
            self._where[session_id] = url

    def forget(self, session_id: str) -> None:
        with self._lock:
            self._where.pop(session_id, None)

    def server_of(self, session_id: str) -> str | None:
        with self._lock:
            found = self._where.get(session_id)
        if found is None and len(self.urls) == 1:
            return self.urls[0]
        return found

    def sessions_on(self, url: str) -> list[str]:
        with self._lock:
            return [sid for sid, u in self._where.items() if u == url]


def no_server_error(pool: ServerPool, tried: Sequence[str], what: str) -> ServerUnavailable:
    reasons = "; ".join(f"{u}: {pool.down_reason(u) or 'unreachable'}" for u in tried)
    return ServerUnavailable(f"{what}: no server could be reached ({reasons})", code="server_unavailable")


def raw_call(method: str, path: str, *, json: Any = _NO_BODY, content: bytes | None = None,
             content_type: str | None = None, params: Mapping[str, str] | None = None,
             raw: bool = False) -> Call:
    if not path.startswith("/"):
        raise ValueError(f"path must start with '/', got {path!r}")
    call = Call(method.upper(), path, json=json, content=content, params=dict(params) if params else None,
                ok=tuple(range(200, 300)), raw=raw)
    if content_type is not None:
        call.content_type = content_type
    return call


def health_call() -> Call:
    return Call("GET", "/health")


def sessions_gone_from(pool: ServerPool, error: DeskgymError) -> None:
    """Forget a session the server no longer has (410, or 404 session_not_found)."""
    if error.session_id and (error.status == 410 or error.code == "session_not_found"):
        pool.forget(error.session_id)
