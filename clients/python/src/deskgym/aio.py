"""The asyncio client and its session handle: the same API as :mod:`deskgym.client`, awaited."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Mapping, Sequence

import httpx

from . import _core
from ._core import Call, ServerPool
from .client import _batch_result, _full_error, _with_session
from .errors import CapacityFull, DeskgymError, NotFound, ServerUnavailable
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


class AsyncSession:
    """A session on one server, for :class:`AsyncClient`; ``async with`` deletes it on exit."""

    def __init__(self, client: AsyncClient, created: Mapping[str, Any], server: str) -> None:
        self.client = client
        self.id: str = str(created["session_id"])
        self.server = server
        self.task: str | None = created.get("task")
        self.vm_config: str | None = created.get("vm_config")
        self.grammar: str | None = created.get("grammar")
        self.lease_seconds: float | None = created.get("lease_seconds")
        self.instruction: str | None = created.get("instruction")
        obs = created.get("observation")
        self.observation: Observation | None = Observation.from_json(obs) if isinstance(obs, Mapping) else None
        self.raw = dict(created)

    def __repr__(self) -> str:
        return f"AsyncSession(id={self.id!r}, server={self.server!r}, task={self.task!r})"

    async def step(self, action: str | None = None, *, actions: Sequence[Any] | None = None,
                   grammar: str | None = None, image: str | None = None,
                   extra: Mapping[str, Any] | None = None, model_ms: float | None = None) -> StepResult:
        result = await self.client.step(self, action, actions=actions, grammar=grammar, image=image, extra=extra, model_ms=model_ms)
        if result.observation is not None:
            self.observation = result.observation
        return result

    async def reset(self, task: str | Mapping[str, Any] | None = None, vm_config: str | None = None) -> Observation:
        self.observation = await self.client.reset(self, task=task, vm_config=vm_config)
        return self.observation

    async def evaluate(self) -> Evaluation:
        return await self.client.evaluate(self)

    async def observe(self, image: str | None = None) -> Observation:
        self.observation = await self.client.observation(self, image=image)
        return self.observation

    async def screenshot(self) -> Any:
        return await self.client.screenshot(self)

    async def command(self, command: str, timeout_seconds: float | None = None) -> CommandResult:
        return await self.client.command(self, command, timeout_seconds)

    async def read_file(self, path: str) -> bytes:
        return await self.client.read_file(self, path)

    async def write_file(self, path: str, data: bytes | str) -> FileWritten:
        return await self.client.write_file(self, path, data)

    async def info(self) -> SessionInfo:
        return await self.client.get_session(self)

    async def delete(self) -> None:
        await self.client.delete_session(self)

    async def __aenter__(self) -> AsyncSession:
        return self

    async def __aexit__(self, *exc: object) -> None:
        try:
            await self.delete()
        except DeskgymError:
            pass  # already gone, or its server is: nothing left to free


class AsyncClient:
    """The asyncio twin of :class:`deskgym.Client` (same arguments, same methods, awaited).

    Health probes and the per-server requests of :meth:`batch_step` run concurrently. Use one
    client for many concurrent sessions; ``async with AsyncClient(...)`` closes it.
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
        max_connections: int = 100,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.pool = ServerPool(list(urls) if not isinstance(urls, str) else [urls], cooldown=cooldown)
        self.capacity_wait = capacity_wait
        self._timeout = httpx.Timeout(timeout, connect=connect_timeout)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.AsyncClient(headers=headers, timeout=self._timeout, transport=transport,
                                       limits=httpx.Limits(max_connections=max_connections))

    @property
    def urls(self) -> list[str]:
        return list(self.pool.urls)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # MARK: sending

    async def _send(self, server: str, call: Call) -> Any:
        try:
            response = await self._http.request(call.method, server + call.path, **call.request_kwargs(self._timeout))
        except httpx.HTTPError as error:
            if _core.counts_as_down(error):
                self.pool.mark_down(server, str(error) or type(error).__name__)
            raise _core.transport_error(error, call, server) from error
        try:
            return _core.interpret(call, server, response)
        except ServerUnavailable as error:
            self.pool.mark_down(server, error.message)
            raise

    async def _locate(self, session_id: str) -> str:
        known = self.pool.server_of(session_id)
        if known is not None:
            return known
        candidates = self.pool.candidates()
        answers = await asyncio.gather(*(self._send(u, _core.info_call(session_id)) for u in candidates),
                                       return_exceptions=True)
        for url, answer in zip(candidates, answers):
            if not isinstance(answer, BaseException) or (isinstance(answer, DeskgymError) and answer.status == 410):
                self.pool.remember(session_id, url)
                return url
        raise NotFound(f"no server holds session '{session_id}' (asked {', '.join(self.pool.urls)})",
                       status=404, code="session_not_found", session_id=session_id)

    async def _on_session(self, call: Call) -> Any:
        assert call.session_id is not None
        server = await self._locate(call.session_id)
        try:
            return await self._send(server, call)
        except DeskgymError as error:
            _core.sessions_gone_from(self.pool, error)
            raise

    async def request(self, method: str, path: str, *, json: Any = _core._NO_BODY, content: bytes | None = None,
                content_type: str | None = None, params: Mapping[str, str] | None = None, raw: bool = False,
                server: str | None = None) -> Any:
        """Any request to one server (the first by default), with the same error handling: for
        routes this client does not wrap (``/metrics``) or for sending bodies it would not
        (``content`` is sent as is, with ``content_type``). Returns the decoded JSON, or the bytes
        with ``raw``."""
        url = _core.normalize_url(server) if server else self.pool.urls[0]
        call = _core.raw_call(method, path, json=json, content=content, content_type=content_type,
                              params=params, raw=raw)
        return await self._send(url, call)

    # MARK: servers

    async def health(self) -> list[Health]:
        return list(await asyncio.gather(*(self._probe(u) for u in self.pool.urls)))

    async def _probe(self, url: str) -> Health:
        try:
            answer = await self._send(url, _core.health_call())
        except DeskgymError as error:
            return Health(server=url, up=False, error=str(error))
        self.pool.mark_up(url)
        return Health.from_json(answer, url)

    # MARK: sessions

    async def create_session(
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
    ) -> AsyncSession:
        """See :meth:`deskgym.Client.create_session`."""
        body = _core.create_body(task=task, vm_config=vm_config, screen=screen, grammar=grammar,
                                 lease_seconds=lease_seconds, image=image, observation_size=observation_size,
                                 observation_type=observation_type, osworld_api=osworld_api)
        call = Call("POST", "/sessions", json=body, ok=(201,))
        wait_limit = self.capacity_wait if capacity_wait is None else capacity_wait
        deadline = time.monotonic() + wait_limit
        while True:
            candidates = self.pool.candidates()
            healths = await asyncio.gather(*(self._probe(u) for u in candidates))
            full: list[CapacityFull] = []
            tried: list[str] = []
            # Rank again before each attempt: concurrent creates of this client change the picture.
            while True:
                order = [u for u in self.pool.rank(healths) if u not in tried]
                if not order:
                    break
                url = order[0]
                tried.append(url)
                self.pool.begin_placing(url)
                try:
                    created = await self._send(url, call)
                except CapacityFull as error:
                    full.append(error)
                    continue
                except ServerUnavailable:
                    continue
                finally:
                    self.pool.end_placing(url)
                session = AsyncSession(self, created, url)
                self.pool.remember(session.id, url)
                return session
            if not full:
                raise _core.no_server_error(self.pool, tried or candidates, "create a session")
            pause = min((e.retry_after or 1.0) for e in full)
            if time.monotonic() + pause > deadline:
                raise _full_error(full, pause)
            await asyncio.sleep(pause)

    async def session(self, session_id: str) -> AsyncSession:
        server = await self._locate(session_id)
        summary = await self._on_session(_core.info_call(session_id))
        return AsyncSession(self, {**summary, "session_id": session_id}, server)

    async def list_sessions(self) -> list[SessionInfo]:
        answers = await asyncio.gather(*(self._send(u, Call("GET", "/sessions")) for u in self.pool.urls),
                                       return_exceptions=True)
        found: list[SessionInfo] = []
        answered = False
        for url, answer in zip(self.pool.urls, answers):
            if isinstance(answer, ServerUnavailable):
                continue
            if isinstance(answer, BaseException):
                raise answer
            answered = True
            for value in answer.get("sessions", []):
                info = SessionInfo.from_json(value, url)
                self.pool.remember(info.session_id, url)
                found.append(info)
        if not answered:
            raise _core.no_server_error(self.pool, self.pool.urls, "list sessions")
        return found

    async def get_session(self, session: AsyncSession | str) -> SessionInfo:
        call = _core.info_call(session)
        answer = await self._on_session(call)
        return SessionInfo.from_json(answer, await self._locate(call.session_id or ""))

    async def delete_session(self, session: AsyncSession | str) -> None:
        call = _core.delete_call(session)
        await self._on_session(call)
        self.pool.forget(call.session_id or "")

    # MARK: episodes

    async def step(self, session: AsyncSession | str, action: str | None = None, *,
                   actions: Sequence[Any] | None = None, grammar: str | None = None, image: str | None = None,
                   extra: Mapping[str, Any] | None = None, model_ms: float | None = None) -> StepResult:
        """See :meth:`deskgym.Client.step`."""
        call = _core.step_call(session, action=action, actions=actions, grammar=grammar, image=image, extra=extra, model_ms=model_ms)
        return StepResult.from_json(await self._on_session(call), call.session_id)

    async def batch_step(self, steps: Sequence[Any]) -> list[StepResult | DeskgymError]:
        """See :meth:`deskgym.Client.batch_step`; the requests to different servers run concurrently."""
        entries = [_core.batch_entry(e) for e in steps]
        results: list[StepResult | DeskgymError | None] = [None] * len(entries)
        groups: dict[str, list[int]] = {}
        for index, (sid, _) in enumerate(entries):
            try:
                groups.setdefault(await self._locate(sid), []).append(index)
            except DeskgymError as error:
                results[index] = error

        async def run(server: str, indexes: list[int]) -> None:
            call = Call("POST", "/step",
                        json={"steps": [{"session_id": entries[i][0], **entries[i][1]} for i in indexes]})
            try:
                answer = await self._send(server, call)
            except ServerUnavailable as error:
                for i in indexes:
                    results[i] = _with_session(error, entries[i][0])
                return
            for i, value in zip(indexes, answer.get("results", [])):
                results[i] = _batch_result(value, server, self.pool)

        await asyncio.gather(*(run(s, ix) for s, ix in groups.items()))
        return [r if r is not None else DeskgymError("no result for this entry", code="missing_result") for r in results]

    async def reset(self, session: AsyncSession | str, task: str | Mapping[str, Any] | None = None,
                    vm_config: str | None = None) -> Observation:
        answer = await self._on_session(_core.reset_call(session, task, vm_config))
        return Observation.from_json(answer["observation"])

    async def evaluate(self, session: AsyncSession | str) -> Evaluation:
        return Evaluation.from_json(await self._on_session(_core.evaluate_call(session)))

    async def observation(self, session: AsyncSession | str, image: str | None = None) -> Observation:
        return Observation.from_json(await self._on_session(_core.observation_call(session, image)))

    async def screenshot(self, session: AsyncSession | str) -> Any:
        return decode_png(await self._on_session(_core.screenshot_call(session)))

    # MARK: terminal and files

    async def command(self, session: AsyncSession | str, command: str,
                      timeout_seconds: float | None = None) -> CommandResult:
        return CommandResult.from_json(await self._on_session(_core.command_call(session, command, timeout_seconds)))

    async def read_file(self, session: AsyncSession | str, path: str) -> bytes:
        return await self._on_session(_core.read_file_call(session, path))

    async def write_file(self, session: AsyncSession | str, path: str, data: bytes | str) -> FileWritten:
        answer = await self._on_session(_core.write_file_call(session, path, data))
        return FileWritten(path=str(answer["path"]), bytes=int(answer["bytes"]))
