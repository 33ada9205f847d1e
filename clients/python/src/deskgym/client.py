"""The synchronous client and its session handle."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Mapping, Sequence

import httpx

from . import _core
from ._core import Call, ServerPool
from .errors import CapacityFull, DeskgymError, NotFound, ServerUnavailable, error_from_answer
from .models import (
    CommandResult,
    Evaluation,
    FileWritten,
    Health,
    Observation,
    SessionInfo,
    StepResult,
    decode_png,
)


class Session:
    """A session on one server: its id, the server holding it, and the methods that act on it.

    ``observation`` is the latest observation this handle has seen (from create, step, reset or
    observe). Used as a context manager, the session is deleted on exit.
    """

    def __init__(self, client: Client, created: Mapping[str, Any], server: str) -> None:
        self.client = client
        self.id: str = str(created["session_id"])
        self.server = server
        self.task: str | None = created.get("task")
        self.vm_config: str | None = created.get("vm_config")
        self.grammar: str | None = created.get("grammar")
        self.lease_seconds: float | None = created.get("lease_seconds")
        #: The task's instruction, when the server sends it.
        self.instruction: str | None = created.get("instruction")
        obs = created.get("observation")
        self.observation: Observation | None = Observation.from_json(obs) if isinstance(obs, Mapping) else None
        self.raw = dict(created)

    def __repr__(self) -> str:
        return f"Session(id={self.id!r}, server={self.server!r}, task={self.task!r})"

    def step(self, action: str | None = None, *, actions: Sequence[Any] | None = None, grammar: str | None = None,
             image: str | None = None, extra: Mapping[str, Any] | None = None, model_ms: float | None = None) -> StepResult:
        result = self.client.step(self, action, actions=actions, grammar=grammar, image=image, extra=extra, model_ms=model_ms)
        if result.observation is not None:
            self.observation = result.observation
        return result

    def reset(self, task: str | Mapping[str, Any] | None = None, vm_config: str | None = None) -> Observation:
        self.observation = self.client.reset(self, task=task, vm_config=vm_config)
        return self.observation

    def evaluate(self) -> Evaluation:
        return self.client.evaluate(self)

    def observe(self, image: str | None = None) -> Observation:
        self.observation = self.client.observation(self, image=image)
        return self.observation

    def screenshot(self) -> Any:
        return self.client.screenshot(self)

    def command(self, command: str, timeout_seconds: float | None = None) -> CommandResult:
        return self.client.command(self, command, timeout_seconds)

    def read_file(self, path: str) -> bytes:
        return self.client.read_file(self, path)

    def write_file(self, path: str, data: bytes | str) -> FileWritten:
        return self.client.write_file(self, path, data)

    def info(self) -> SessionInfo:
        return self.client.get_session(self)

    def delete(self) -> None:
        self.client.delete_session(self)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.delete()
        except DeskgymError:
            pass  # already gone, or its server is: nothing left to free


class Client:
    """A client of one or several ``deskgym serve`` servers.

    Args:
        urls: one base URL (``"http://127.0.0.1:8765"``) or several; new sessions go to the server
            with the most free capacity, and requests on a session go to the server holding it.
        token: the bearer token, when the servers require one.
        timeout: read time-out in seconds for a request (a command's own time-out extends it).
        connect_timeout: time-out to connect; a server that does not answer is marked down.
        cooldown: seconds a server that could not be reached is left out of placement.
        capacity_wait: when every server answers 429, how long :meth:`create_session` keeps
            retrying (after each server's ``Retry-After``) before raising :class:`CapacityFull`.
        transport: an httpx transport, for tests or custom networking.
    """

    def __init__(
        self,
        urls: str | Sequence[str] = "http://127.0.0.1:8765",
        *,
        token: str | None = None,
        timeout: float = _core.DEFAULT_TIMEOUT,
        connect_timeout: float = _core.DEFAULT_CONNECT_TIMEOUT,
        cooldown: float = 30.0,
        capacity_wait: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.pool = ServerPool(list(urls) if not isinstance(urls, str) else [urls], cooldown=cooldown)
        self.capacity_wait = capacity_wait
        self._timeout = httpx.Timeout(timeout, connect=connect_timeout)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(headers=headers, timeout=self._timeout, transport=transport)

    @property
    def urls(self) -> list[str]:
        return list(self.pool.urls)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # MARK: sending

    def _send(self, server: str, call: Call) -> Any:
        try:
            response = self._http.request(call.method, server + call.path, **call.request_kwargs(self._timeout))
        except httpx.HTTPError as error:
            if _core.counts_as_down(error):
                self.pool.mark_down(server, str(error) or type(error).__name__)
            raise _core.transport_error(error, call, server) from error
        try:
            return _core.interpret(call, server, response)
        except ServerUnavailable as error:  # 503: shutting down
            self.pool.mark_down(server, error.message)
            raise

    def _locate(self, session_id: str) -> str:
        """The server holding a session this client did not create (or forgot)."""
        known = self.pool.server_of(session_id)
        if known is not None:
            return known
        last: DeskgymError | None = None
        for url in self.pool.candidates():
            try:
                self._send(url, _core.info_call(session_id))
            except DeskgymError as error:
                if error.status == 410:
                    self.pool.remember(session_id, url)
                    return url
                last = error
                continue
            self.pool.remember(session_id, url)
            return url
        raise NotFound(f"no server holds session '{session_id}' (asked {', '.join(self.pool.urls)})",
                       status=404, code="session_not_found", session_id=session_id,
                       server=last.server if last else None)

    def _on_session(self, call: Call) -> Any:
        assert call.session_id is not None
        server = self._locate(call.session_id)
        try:
            return self._send(server, call)
        except DeskgymError as error:
            _core.sessions_gone_from(self.pool, error)
            raise

    def request(self, method: str, path: str, *, json: Any = _core._NO_BODY, content: bytes | None = None,
                content_type: str | None = None, params: Mapping[str, str] | None = None, raw: bool = False,
                server: str | None = None) -> Any:
        """Any request to one server (the first by default), with the same error handling: for
        routes this client does not wrap (``/metrics``) or for sending bodies it would not
        (``content`` is sent as is, with ``content_type``). Returns the decoded JSON, or the bytes
        with ``raw``."""
        url = _core.normalize_url(server) if server else self.pool.urls[0]
        call = _core.raw_call(method, path, json=json, content=content, content_type=content_type,
                              params=params, raw=raw)
        return self._send(url, call)

    # MARK: servers

    def health(self) -> list[Health]:
        """Every server's health (``up`` False for those that could not be reached); a reachable
        server is taken back into placement at once."""
        return [self._probe(url) for url in self.pool.urls]

    def _probe(self, url: str) -> Health:
        try:
            answer = self._send(url, _core.health_call())
        except DeskgymError as error:
            return Health(server=url, up=False, error=str(error))
        self.pool.mark_up(url)
        return Health.from_json(answer, url)

    # MARK: sessions

    def create_session(
        self,
        task: str | Mapping[str, Any] | None = None,
        *,
        vm_config: str | None = None,
        screen: Any = None,
        grammar: str | None = None,
        lease_seconds: float | None = None,
        image: str | None = None,
        observation_size: Any = None,
        observation_type: str | None = None,
        osworld_api: bool | None = None,
        capacity_wait: float | None = None,
    ) -> Session:
        """Start a desktop on the server with the most free capacity and run the task's setup.

        ``task`` is an OSWorld task dict or ``"domain/id"``; ``screen`` and ``observation_size``
        are ``(width, height)``; ``observation_type`` is one of OSWorld's (``"a11y_tree"``,
        ``"screenshot_a11y_tree"``, ``"som"``: the observations then carry the accessibility tree, and
        the marks); ``osworld_api`` makes the session serve OSWorld's in-VM server API (its
        ports in ``session.raw["osworld"]``; see :mod:`deskgym.osworld`). Unreachable servers are
        skipped (and marked down); when every server is full, retries after ``Retry-After`` for up
        to ``capacity_wait`` seconds.
        """
        body = _core.create_body(task=task, vm_config=vm_config, screen=screen, grammar=grammar,
                                 lease_seconds=lease_seconds, image=image, observation_size=observation_size,
                                 observation_type=observation_type, osworld_api=osworld_api)
        call = Call("POST", "/sessions", json=body, ok=(201,))
        wait_limit = self.capacity_wait if capacity_wait is None else capacity_wait
        deadline = time.monotonic() + wait_limit
        while True:
            candidates = self.pool.candidates()
            order = self.pool.rank([self._probe(url) for url in candidates])
            if not order:
                raise _core.no_server_error(self.pool, candidates, "create a session")
            full: list[CapacityFull] = []
            for url in order:
                self.pool.begin_placing(url)
                try:
                    created = self._send(url, call)
                except CapacityFull as error:
                    full.append(error)
                    continue
                except ServerUnavailable:
                    continue
                finally:
                    self.pool.end_placing(url)
                session = Session(self, created, url)
                self.pool.remember(session.id, url)
                return session
            if not full:
                raise _core.no_server_error(self.pool, order, "create a session")
            pause = min((e.retry_after or 1.0) for e in full)
            if time.monotonic() + pause > deadline:
                raise _full_error(full, pause)
            time.sleep(pause)

    def session(self, session_id: str) -> Session:
        """A handle for an existing session (found on whichever server holds it)."""
        server = self._locate(session_id)
        summary = self._on_session(_core.info_call(session_id))
        return Session(self, {**summary, "session_id": session_id}, server)

    def list_sessions(self) -> list[SessionInfo]:
        """The sessions of every reachable server (unreachable ones are skipped; if none answers,
        :class:`ServerUnavailable`)."""
        found: list[SessionInfo] = []
        answered = False
        for url in self.pool.urls:
            try:
                answer = self._send(url, Call("GET", "/sessions"))
            except ServerUnavailable:
                continue
            answered = True
            for value in answer.get("sessions", []):
                info = SessionInfo.from_json(value, url)
                self.pool.remember(info.session_id, url)
                found.append(info)
        if not answered:
            raise _core.no_server_error(self.pool, self.pool.urls, "list sessions")
        return found

    def get_session(self, session: Session | str) -> SessionInfo:
        call = _core.info_call(session)
        answer = self._on_session(call)
        return SessionInfo.from_json(answer, self._locate(call.session_id or ""))

    def delete_session(self, session: Session | str) -> None:
        call = _core.delete_call(session)
        self._on_session(call)
        self.pool.forget(call.session_id or "")

    # MARK: episodes

    def step(self, session: Session | str, action: str | None = None, *, actions: Sequence[Any] | None = None,
             grammar: str | None = None, image: str | None = None,
             extra: Mapping[str, Any] | None = None, model_ms: float | None = None) -> StepResult:
        """Carry out ``action`` (text in the session's grammar, or in ``grammar``) or ``actions``
        (computer_13 objects). ``extra`` (any JSON object) is passed into the turn's training
        record; it is sent only when given (servers without per-turn records refuse it)."""
        call = _core.step_call(session, action=action, actions=actions, grammar=grammar, image=image, extra=extra, model_ms=model_ms)
        return StepResult.from_json(self._on_session(call), call.session_id)

    def batch_step(self, steps: Sequence[Any]) -> list[StepResult | DeskgymError]:
        """Step many sessions in one request per server (``POST /step``); results in the order of
        ``steps``. Each entry is ``{"session": s, "action": ...}`` (or ``session_id``, ``actions``,
        ``grammar``, ``image``, ``extra``) or a ``(session, action)`` pair. A failed entry is
        its typed error (not raised); a malformed batch raises :class:`BadRequest` (with several
        servers, only that server's part is refused; the others' entries may have run)."""
        entries = [_core.batch_entry(e) for e in steps]
        results: list[StepResult | DeskgymError | None] = [None] * len(entries)
        groups: dict[str, list[int]] = {}
        for index, (sid, _) in enumerate(entries):
            try:
                groups.setdefault(self._locate(sid), []).append(index)
            except DeskgymError as error:
                results[index] = error

        def run(server: str, indexes: list[int]) -> None:
            call = Call("POST", "/step",
                        json={"steps": [{"session_id": entries[i][0], **entries[i][1]} for i in indexes]})
            try:
                answer = self._send(server, call)
            except ServerUnavailable as error:
                for i in indexes:
                    results[i] = _with_session(error, entries[i][0])
                return
            for i, value in zip(indexes, answer.get("results", [])):
                results[i] = _batch_result(value, server, self.pool)

        if len(groups) <= 1:
            for server, indexes in groups.items():
                run(server, indexes)
        else:  # one thread per server, so that the servers step at the same time
            with ThreadPoolExecutor(max_workers=len(groups)) as executor:
                futures = [executor.submit(run, server, indexes) for server, indexes in groups.items()]
            for future in futures:
                future.result()  # a refused batch (400) raises here
        return [r if r is not None else DeskgymError("no result for this entry", code="missing_result") for r in results]

    def reset(self, session: Session | str, task: str | Mapping[str, Any] | None = None,
              vm_config: str | None = None) -> Observation:
        """A fresh desktop for the session (the same task, or ``task``), set up; its observation."""
        answer = self._on_session(_core.reset_call(session, task, vm_config))
        return Observation.from_json(answer["observation"])

    def evaluate(self, session: Session | str) -> Evaluation:
        return Evaluation.from_json(self._on_session(_core.evaluate_call(session)))

    def observation(self, session: Session | str, image: str | None = None) -> Observation:
        return Observation.from_json(self._on_session(_core.observation_call(session, image)))

    def screenshot(self, session: Session | str) -> Any:
        """The screen as an ``H x W x 3`` array from ``GET /sessions/{id}/screenshot`` (raw PNG;
        servers without that route answer 404 ``not_found``)."""
        return decode_png(self._on_session(_core.screenshot_call(session)))

    # MARK: terminal and files

    def command(self, session: Session | str, command: str, timeout_seconds: float | None = None) -> CommandResult:
        """Run ``bash -c command`` in the session (its HOME, DISPLAY and environment)."""
        return CommandResult.from_json(self._on_session(_core.command_call(session, command, timeout_seconds)))

    def read_file(self, session: Session | str, path: str) -> bytes:
        return self._on_session(_core.read_file_call(session, path))

    def write_file(self, session: Session | str, path: str, data: bytes | str) -> FileWritten:
        answer = self._on_session(_core.write_file_call(session, path, data))
        return FileWritten(path=str(answer["path"]), bytes=int(answer["bytes"]))


def _full_error(full: Sequence[CapacityFull], pause: float) -> CapacityFull:
    servers = ", ".join(e.server or "?" for e in full)
    return CapacityFull(f"every server is full ({servers}); retry after {pause:g} s", status=429,
                        code="capacity_full", retry_after=pause, server=full[0].server)


def _with_session(error: DeskgymError, session_id: str) -> DeskgymError:
    copy = type(error)(error.message, status=error.status, code=error.code, server=error.server,
                       session_id=session_id)
    return copy


def _batch_result(value: Mapping[str, Any], server: str, pool: ServerPool) -> StepResult | DeskgymError:
    status = int(value.get("status", 200))
    sid = value.get("session_id")
    if status == 200:
        return StepResult.from_json(value, sid)
    error = error_from_answer(status, value, server=server, session_id=sid)
    _core.sessions_gone_from(pool, error)
    return error
