#!/usr/bin/env python3
"""A batch of rollouts driven concurrently with deskgym's asyncio client.

Start one or more servers, then run, for example:

    deskgym serve --port 8765 --capacity 4 &
    deskgym serve --port 8766 --capacity 4 &
    python3 docs/examples/rollout.py --servers http://127.0.0.1:8765 http://127.0.0.1:8766 \\
        --sessions 6 --task os/create-hello-file --policy scripted

Each session is placed on the server with the most free slots; each episode runs until the
agent says DONE or FAIL, or ``--max-steps`` is reached (then the desktop is scored as it is).
The policies are stand-ins for a model: ``scripted`` replays a fixed answer list (by default
the reference solution of ``os/create-hello-file``), ``random`` clicks, types and presses keys
at random in pyautogui and gives up at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import deskgym

HELLO_SOLUTION = ["pyautogui.write(\"echo 'Hello, Deskgym' > ~/hello.txt\\n\")", "DONE"]


@dataclass
class Episode:
    index: int
    session_id: str | None
    server: str | None
    steps: int
    reward: float
    error: str | None = None


def scripted_policy(answers: list[str]):
    def act(observation: deskgym.Observation, step: int, rng: random.Random) -> str:
        return answers[step] if step < len(answers) else "DONE"
    return act


def random_policy(max_steps: int):
    def act(observation: deskgym.Observation, step: int, rng: random.Random) -> str:
        if step == max_steps - 1:
            return "FAIL"
        x, y = rng.randrange(observation.width), rng.randrange(observation.height)
        return rng.choice([
            f"pyautogui.click({x}, {y})",
            f"pyautogui.moveTo({x}, {y})",
            f"pyautogui.write({rng.choice(['ls', 'pwd', 'echo hi'])!r})",
            f"pyautogui.press({rng.choice(['enter', 'tab', 'backspace'])!r})",
        ])
    return act


async def run_episode(client: deskgym.AsyncClient, index: int, args: argparse.Namespace, policy, rng) -> Episode:
    try:
        session = await client.create_session(args.task, screen=args.screen, grammar="pyautogui")
    except deskgym.DeskgymError as error:
        return Episode(index, None, None, 0, 0.0, f"create: {error}")
    try:
        observation = session.observation
        for step in range(args.max_steps):
            # A real policy looks at observation.image (H x W x 3 uint8) and the instruction.
            answer = policy(observation, step, rng)
            result = await session.step(answer)
            if result.error:
                print(f"  [{index}] step {step + 1}: {result.error}", file=sys.stderr)
            if result.done:
                return Episode(index, session.id, session.server, step + 1, result.reward, result.environment_error)
            observation = result.observation or observation
        verdict = await session.evaluate()
        return Episode(index, session.id, session.server, args.max_steps, verdict.score)
    except deskgym.DeskgymError as error:
        return Episode(index, session.id, session.server, 0, 0.0, str(error))
    finally:
        try:
            await session.delete()
        except deskgym.DeskgymError:
            pass


async def main(argv: list[str] | None = None) -> list[Episode]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--servers", nargs="+", default=["http://127.0.0.1:8765"], help="server base URLs")
    parser.add_argument("--sessions", type=int, default=4, help="episodes to run concurrently")
    parser.add_argument("--task", default="os/create-hello-file", help="'domain/id' in the servers' tasks folder")
    parser.add_argument("--policy", choices=["scripted", "random"], default="scripted")
    parser.add_argument("--answers", type=Path, help="a JSON list of answers for the scripted policy")
    parser.add_argument("--max-steps", type=int, default=5)
    parser.add_argument("--screen", default="1280x720", help="WIDTHxHEIGHT")
    parser.add_argument("--token", help="bearer token, when the servers need one")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    width, _, height = args.screen.partition("x")
    args.screen = (int(width), int(height))
    if args.policy == "scripted":
        answers = json.loads(args.answers.read_text()) if args.answers else HELLO_SOLUTION
        policy = scripted_policy(answers)
    else:
        policy = random_policy(args.max_steps)

    async with deskgym.AsyncClient(args.servers, token=args.token) as client:
        for health in await client.health():
            state = f"{health.free}/{health.capacity} free" if health.up else f"down ({health.error})"
            print(f"server {health.server}: {state}")
        episodes = await asyncio.gather(*(
            run_episode(client, i, args, policy, random.Random(args.seed + i)) for i in range(args.sessions)
        ))
    for e in episodes:
        where = f"{e.session_id} on {e.server}" if e.session_id else "no session"
        tail = f"  error: {e.error}" if e.error else ""
        print(f"episode {e.index}: reward {e.reward:g} after {e.steps} steps ({where}){tail}")
    mean = sum(e.reward for e in episodes) / max(len(episodes), 1)
    print(f"mean reward {mean:.3f} over {len(episodes)} episodes")
    return episodes


if __name__ == "__main__":
    asyncio.run(main())
