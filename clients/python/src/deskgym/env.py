"""``DeskgymEnv``: one ``deskgym serve`` session as a ``gymnasium.Env``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping, Sequence

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from .client import Client, Session
from .errors import DeskgymError, Gone, NotFound
from .models import Observation, StepResult
from .spaces import UnicodeText, fit_text


class DeskgymEnv(gym.Env):
    """A desktop session as a gymnasium environment.

    Observation (a ``Dict``):

    - ``screenshot``: ``Box(0, 255, (H, W, 3), uint8)``, the screen (or the downscaled image when
      ``observation_size`` is given);
    - ``instruction``: the task's instruction (``""`` for a bare desktop);
    - ``last_action_error``: why the last action text was not carried out (unreadable text, a
      point off the screen) or how the desktop broke; ``""`` when it was fine;
    - ``terminal``: the output of a terminal command the last step ran, when the server reports
      one (``""`` otherwise);
    - with ``observation_type`` ``"a11y_tree"``, ``"screenshot_a11y_tree"`` or ``"som"``:
      ``accessibility_tree``, the desktop's accessibility tree as OSWorld's XML; with ``"som"``
      also ``marks``, OSWorld's table of the marks drawn on the screenshot (``index tag name
      text``), which the next answer may name (``pyautogui.click(tag_3)``).

    The text fields are :class:`~deskgym.spaces.UnicodeText` (printable Unicode of the Basic
    Multilingual Plane plus newline, tab, carriage return); other characters become U+FFFD and
    text longer than ``text_max_length`` is cut.

    Action: the model's answer, text in ``grammar`` (``UnicodeText``). Unreadable text is not an
    exception: the step counts and ``last_action_error`` says why, as the server does.

    ``reset()`` creates the session on the first call and resets it afterwards (recreating it
    when the server no longer has it); ``options={"task": ...}`` switches the task (in a new
    session, so that the screen size holds). ``step``
    returns ``terminated`` when the episode ended (the agent said DONE or FAIL, and ``reward`` is
    the evaluator's score; or the desktop broke), and ``truncated`` after ``max_steps`` steps
    (then, with ``evaluate_on_truncation``, the reward is the evaluator's score of the desktop as
    it is, as OSWorld scores a run that used up its steps). ``info`` holds ``step``, ``actions``
    (computer_13), and ``error``, ``environment_error``, ``evaluation`` when present; timings are
    left out of ``info`` (they differ between identical steps) and are on :attr:`last_result`.

    Args:
        client: a :class:`deskgym.Client`, or server URL(s) to make one (closed with the env).
        task: an OSWorld task dict, or ``"domain/id"`` naming one in the server's tasks folder;
            ``None`` for a bare desktop.
        grammar: the action grammar (``pyautogui``, ``computer_13``, ``uitars``, ...).
        screen: ``(width, height)`` of the desktop; the screenshot space has this size.
        observation_size: ``(width, height)`` of a downscaled screenshot (servers that support it).
        max_steps: steps after which an episode is truncated (``None``: never).
        instruction: the instruction to show, overriding what the task says.
        tasks_dir: a local tasks folder to read a ``"domain/id"`` task's instruction from (the
            server does not send it); e.g. the repository's ``tasks``.
        observation_type: OSWorld's observation type: ``"screenshot"`` (the default),
            ``"a11y_tree"``, ``"screenshot_a11y_tree"`` or ``"som"`` (servers with accessibility).
    """

    metadata = {"render_modes": ["rgb_array"]}

    def __init__(
        self,
        client: Client | str | Sequence[str] = "http://127.0.0.1:8765",
        *,
        task: str | Mapping[str, Any] | None = None,
        grammar: str = "pyautogui",
        screen: tuple[int, int] = (1920, 1080),
        observation_size: tuple[int, int] | None = None,
        max_steps: int | None = 15,
        vm_config: str | None = None,
        lease_seconds: float | None = None,
        instruction: str | None = None,
        tasks_dir: str | Path | None = None,
        evaluate_on_truncation: bool = True,
        token: str | None = None,
        render_mode: str | None = None,
        text_max_length: int = 65536,
        action_max_length: int = 16384,
        observation_type: str = "screenshot",
    ) -> None:
        super().__init__()
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']} or None, got {render_mode!r}")
        if isinstance(client, Client):
            self.client, self._owns_client = client, False
        else:
            self.client, self._owns_client = Client(client, token=token), True
        self.task = task
        self.grammar = grammar
        self.screen = (int(screen[0]), int(screen[1]))
        self.observation_size = (int(observation_size[0]), int(observation_size[1])) if observation_size else None
        self.max_steps = max_steps
        self.vm_config = vm_config
        self.lease_seconds = lease_seconds
        self.evaluate_on_truncation = evaluate_on_truncation
        self.render_mode = render_mode
        self._instruction_override = instruction
        self._tasks_dir = Path(tasks_dir) if tasks_dir is not None else None
        if observation_type not in ("screenshot", "a11y_tree", "screenshot_a11y_tree", "som"):
            raise ValueError(
                "observation_type must be 'screenshot', 'a11y_tree', 'screenshot_a11y_tree' or 'som', "
                f"got {observation_type!r}")
        self.observation_type = observation_type

        width, height = self.observation_size or self.screen
        text = UnicodeText(text_max_length)
        fields: dict[str, spaces.Space] = {
            "screenshot": spaces.Box(0, 255, (height, width, 3), np.uint8),
            "instruction": text,
            "last_action_error": text,
            "terminal": text,
        }
        if observation_type != "screenshot":
            fields["accessibility_tree"] = text
        if observation_type == "som":
            fields["marks"] = text
        self.observation_space = spaces.Dict(fields)
        self.action_space = UnicodeText(action_max_length, min_length=1)

        self.session: Session | None = None
        #: The last step's full result (observation, reward, done, info with timings).
        self.last_result: StepResult | None = None
        self._instruction = ""
        self._screenshot: np.ndarray | None = None
        self._steps = 0
        self._closed = False

    # MARK: gymnasium API

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
        super().reset(seed=seed)
        options = dict(options or {})
        new_task = options.pop("task", None)
        if options:
            raise ValueError(f"unknown reset option(s) {sorted(options)}; known: 'task'")
        if new_task is not None:
            self.task = new_task
        observation = self._fresh_episode(new_task)
        self._steps = 0
        self.last_result = None
        info = {"session_id": self.session.id, "server": self.session.server} if self.session else {}
        return self._observe(observation, error=""), info

    def step(self, action: str) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        if self.session is None:
            raise gym.error.ResetNeeded("call reset() before step()")
        if not isinstance(action, str):
            raise TypeError(f"an action is text in the '{self.grammar}' grammar, got {type(action).__name__}")
        result = self.session.step(action)
        self.last_result = result
        self._steps += 1
        terminated = result.done
        truncated = not terminated and self.max_steps is not None and self._steps >= self.max_steps
        reward = result.reward
        info: dict[str, Any] = {"step": self._steps, "actions": result.actions}
        for key in ("error", "environment_error", "evaluation"):
            if result.info.get(key) is not None:
                info[key] = result.info[key]
        if truncated and self.evaluate_on_truncation and self.task is not None:
            evaluation = self.session.evaluate()
            reward = evaluation.score
            info["evaluation"] = dict(evaluation.raw)
        error = result.environment_error or result.error or ""
        return self._observe(result.observation, error=error), float(reward), bool(terminated), bool(truncated), info

    def render(self) -> np.ndarray | None:
        if self.render_mode == "rgb_array" and self._screenshot is not None:
            return self._screenshot.copy()
        return None

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._drop_session()
        if self._owns_client:
            self.client.close()
        super().close()

    # MARK: helpers

    def _fresh_episode(self, new_task: Any) -> Observation:
        self._instruction = self._resolve_instruction()
        if self.session is not None and new_task is not None:
            # A new task gets a new session: the server's reset with a task starts the task's
            # vm-config afresh, without this session's screen size.
            self._drop_session()
        if self.session is not None:
            try:
                return self.session.reset()
            except (Gone, NotFound):
                self.session = None  # lease expired or server restarted: start over
        self.session = self.client.create_session(
            self.task, vm_config=self.vm_config, screen=self.screen, grammar=self.grammar,
            lease_seconds=self.lease_seconds, observation_size=self.observation_size,
            observation_type=None if self.observation_type == "screenshot" else self.observation_type,
        )
        if self._instruction == "" and self.session.instruction:
            self._instruction = self.session.instruction
        assert self.session.observation is not None
        return self.session.observation

    def _drop_session(self) -> None:
        if self.session is not None:
            try:
                self.session.delete()
            except DeskgymError:
                pass  # already gone (lease, server down): nothing to free
            self.session = None

    def _resolve_instruction(self) -> str:
        if self._instruction_override is not None:
            return self._instruction_override
        if isinstance(self.task, Mapping):
            return str(self.task.get("instruction", ""))
        if isinstance(self.task, str) and self._tasks_dir is not None:
            path = self._tasks_dir / f"{self.task}.json"
            try:
                return str(json.loads(path.read_text()).get("instruction", ""))
            except (OSError, ValueError) as error:
                raise ValueError(f"task '{self.task}': cannot read its instruction from {path}: {error}") from error
        return ""

    def _observe(self, observation: Observation | None, *, error: str) -> dict[str, Any]:
        box = self.observation_space["screenshot"]
        if observation is not None and observation.has_screenshot:
            image = observation.image
            if image.shape != box.shape:
                raise DeskgymError(
                    f"the server sent a {image.shape[1]}x{image.shape[0]} screenshot, the observation space is "
                    f"{box.shape[1]}x{box.shape[0]} (does the vm-config allow screen={self.screen}?)",
                    code="shape_mismatch",
                )
            self._screenshot = image
        elif self._screenshot is None:
            self._screenshot = np.zeros(box.shape, dtype=np.uint8)
        # A fresh array every time: callers keep observations, gymnasium checks they share nothing.
        shot = self._screenshot.copy()
        terminal = observation.terminal_text if observation is not None else ""
        text = self.observation_space["instruction"]
        result = {
            "screenshot": shot,
            "instruction": fit_text(self._instruction, text),
            "last_action_error": fit_text(error, text),
            "terminal": fit_text(terminal, text),
        }
        if "accessibility_tree" in self.observation_space.spaces:
            tree = observation.accessibility_tree if observation is not None else None
            result["accessibility_tree"] = fit_text(tree or "", text)
        if "marks" in self.observation_space.spaces:
            table = observation.marks_table if observation is not None else None
            result["marks"] = fit_text(table or "", text)
        return result
