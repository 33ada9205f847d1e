"""The asyncio client drives several sessions at once."""

from __future__ import annotations

import asyncio
import json

import pytest

import deskgym
from conftest import SCREEN, TASKS

SOLUTION = json.loads((TASKS / "os" / "create-hello-file.json").read_text())["deskgym"]["reference_solution"]["actions"]


@pytest.mark.asyncio
async def test_concurrent_sessions_each_solve_their_task(server) -> None:
    async with deskgym.AsyncClient(server.url) as client:
        sessions = await asyncio.gather(*(client.create_session("os/create-hello-file", screen=SCREEN, image="none")
                                          for _ in range(3)))
        try:
            assert len({s.id for s in sessions}) == 3
            (health,) = await client.health()
            assert (health.free, health.busy) == (0, 3)

            async def solve(session: deskgym.AsyncSession, word: str) -> deskgym.StepResult:
                # Each session also gets a file of its own, to show they do not share a HOME.
                await session.write_file("mine.txt", word)
                first = await session.step(SOLUTION[0])
                assert first.observation is not None and first.observation.step == 1
                return await session.step(SOLUTION[1])

            words = ["alpha", "beta", "gamma"]
            finals = await asyncio.gather(*(solve(s, w) for s, w in zip(sessions, words)))
            assert [f.reward for f in finals] == [1.0, 1.0, 1.0] and all(f.done for f in finals)
            assert [(await s.read_file("mine.txt")).decode() for s in sessions] == words

            # A batch over all three after a reset each.
            await asyncio.gather(*(s.reset() for s in sessions))
            results = await client.batch_step([{"session": s, "action": "pyautogui.press('enter')", "image": "none"}
                                               for s in sessions])
            assert [r.session_id for r in results] == [s.id for s in sessions]
            assert all(isinstance(r, deskgym.StepResult) and not r.done for r in results)
            assert [(await s.info()).steps for s in sessions] == [1, 1, 1]
            listed = {s.session_id for s in await client.list_sessions()}
            assert listed == {s.id for s in sessions}
        finally:
            await asyncio.gather(*(s.delete() for s in sessions), return_exceptions=True)
        with pytest.raises(deskgym.Gone):
            await sessions[0].step("WAIT")
        (health,) = await client.health()
        assert health.free == 3


@pytest.mark.asyncio
async def test_async_errors_are_typed(server) -> None:
    async with deskgym.AsyncClient(server.url) as client:
        with pytest.raises(deskgym.NotFound):
            await client.evaluate("nope")
        with pytest.raises(deskgym.BadRequest) as refused:
            await client.create_session(grammar="nope", screen=SCREEN)
        assert refused.value.code == "unknown_grammar"
