"""Typed results of the server's answers.

Each result keeps the decoded JSON it came from in ``raw``, so that fields a newer server adds
are reachable before this client knows them.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np


def decode_png(data: bytes) -> np.ndarray:
    """A PNG's pixels as an ``H x W x 3`` ``uint8`` array (RGB; alpha is dropped)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
        return np.asarray(rgb, dtype=np.uint8).copy()


@dataclass(frozen=True)
class Window:
    """A top-level window as the window manager lists it."""

    title: str
    wm_class: str
    instance: str
    active: bool

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Window:
        return cls(
            title=str(value.get("title", "")),
            wm_class=str(value.get("class", "")),
            instance=str(value.get("instance", "")),
            active=bool(value.get("active", False)),
        )


@dataclass(frozen=True)
class TerminalOutput:
    """What a terminal command run by a step printed (observation field ``terminal``)."""

    command: str
    stdout: str
    stderr: str
    exit_code: int | None
    duration_ms: float
    timed_out: bool

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> TerminalOutput:
        exit_code = value.get("exit_code")
        return cls(
            command=str(value.get("command", "")),
            stdout=str(value.get("stdout", "")),
            stderr=str(value.get("stderr", "")),
            exit_code=int(exit_code) if isinstance(exit_code, (int, float)) else None,
            duration_ms=float(value.get("duration_ms", 0.0)),
            timed_out=bool(value.get("timed_out", False)),
        )

    def as_text(self) -> str:
        """The command and its output as one would read them in a terminal."""
        parts = [f"$ {self.command}"]
        if self.stdout:
            parts.append(self.stdout.rstrip("\n"))
        if self.stderr:
            parts.append(self.stderr.rstrip("\n"))
        if self.timed_out:
            parts.append("[timed out]")
        elif self.exit_code is not None and self.exit_code != 0:
            parts.append(f"[exit code {self.exit_code}]")
        return "\n".join(parts)


@dataclass
class Observation:
    """What the session shows: the screenshot (decoded lazily), screen size, windows, step count.

    ``width``/``height`` are the screen's; when the server sent a downscaled screenshot
    (``image_width``/``image_height``), :attr:`image` has that size instead.
    """

    width: int
    height: int
    step: int
    windows: list[Window]
    screenshot_png: bytes | None = None
    image_width: int | None = None
    image_height: int | None = None
    #: The step's shell commands, in the order they ran (empty when it ran none).
    terminal: list[TerminalOutput] = field(default_factory=list)
    #: The accessibility tree as OSWorld's XML (sessions created with an ``observation_type``
    #: that reads it), and set-of-marks' marks and table (``observation_type="som"``).
    accessibility_tree: str | None = field(default=None, repr=False)
    marks: list[dict[str, Any]] = field(default_factory=list, repr=False)
    marks_table: str | None = field(default=None, repr=False)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    _image: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Observation:
        shot = value.get("screenshot")
        terminal = value.get("terminal")
        raw = {k: v for k, v in value.items() if k != "screenshot"}
        return cls(
            width=int(value.get("width", 0)),
            height=int(value.get("height", 0)),
            step=int(value.get("step", 0)),
            windows=[Window.from_json(w) for w in value.get("windows", []) or []],
            screenshot_png=base64.b64decode(shot) if isinstance(shot, str) else None,
            image_width=_optional_int(value.get("image_width")),
            image_height=_optional_int(value.get("image_height")),
            terminal=[TerminalOutput.from_json(t) for t in terminal if isinstance(t, Mapping)]
            if isinstance(terminal, list) else ([TerminalOutput.from_json(terminal)] if isinstance(terminal, Mapping) else []),
            accessibility_tree=value.get("accessibility_tree") if isinstance(value.get("accessibility_tree"), str) else None,
            marks=[m for m in value.get("marks", []) or [] if isinstance(m, Mapping)],
            marks_table=value.get("marks_table") if isinstance(value.get("marks_table"), str) else None,
            raw=raw,
        )

    @property
    def terminal_text(self) -> str:
        """The shell commands and their output, as one would read them in a terminal."""
        return "\n".join(t.as_text() for t in self.terminal)

    @property
    def has_screenshot(self) -> bool:
        return self.screenshot_png is not None

    @property
    def image(self) -> np.ndarray:
        """The screenshot as an ``H x W x 3`` ``uint8`` RGB array, decoded on first use.

        Raises ``ValueError`` when the observation carries no screenshot (``image="none"``).
        """
        if self._image is None:
            if self.screenshot_png is None:
                raise ValueError("this observation has no screenshot (the session or request asked for image 'none')")
            self._image = decode_png(self.screenshot_png)
        return self._image

    @property
    def active_window(self) -> Window | None:
        return next((w for w in self.windows if w.active), None)


@dataclass(frozen=True)
class Evaluation:
    """The task evaluator's verdict."""

    score: float
    metrics: list[dict[str, Any]]
    error: str | None = None
    decided_by: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Evaluation:
        return cls(
            score=float(value.get("score", 0.0)),
            metrics=[dict(m) for m in value.get("metrics", []) or []],
            error=value.get("error"),
            decided_by=value.get("decided_by"),
            raw=dict(value),
        )


@dataclass
class StepResult:
    """One step's outcome. ``observation`` is ``None`` when the desktop broke
    (:attr:`environment_error` says how) or the request asked for none."""

    reward: float
    done: bool
    info: dict[str, Any]
    observation: Observation | None
    session_id: str | None = None

    @classmethod
    def from_json(cls, value: Mapping[str, Any], session_id: str | None = None) -> StepResult:
        observation = value.get("observation")
        return cls(
            reward=float(value.get("reward", 0.0)),
            done=bool(value.get("done", False)),
            info=dict(value.get("info", {}) or {}),
            observation=Observation.from_json(observation) if isinstance(observation, Mapping) else None,
            session_id=session_id if session_id is not None else value.get("session_id"),
        )

    @property
    def error(self) -> str | None:
        """Why the action text was not (fully) carried out; the step still counted."""
        return self.info.get("error")

    @property
    def environment_error(self) -> str | None:
        """The desktop broke during this step; the session is over."""
        return self.info.get("environment_error")

    @property
    def evaluation(self) -> Evaluation | None:
        value = self.info.get("evaluation")
        return Evaluation.from_json(value) if isinstance(value, Mapping) else None

    @property
    def actions(self) -> list[dict[str, Any]]:
        """The actions carried out, as computer_13 objects."""
        return list(self.info.get("actions", []) or [])


@dataclass(frozen=True)
class CommandResult:
    """What a shell command run in the session did."""

    stdout: str
    stderr: str
    exit_code: int | None
    status: str
    duration_ms: float
    timed_out: bool

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> CommandResult:
        exit_code = value.get("exit_code")
        return cls(
            stdout=str(value.get("stdout", "")),
            stderr=str(value.get("stderr", "")),
            exit_code=int(exit_code) if isinstance(exit_code, (int, float)) else None,
            status=str(value.get("status", "")),
            duration_ms=float(value.get("duration_ms", 0.0)),
            timed_out=bool(value.get("timed_out", False)),
        )

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out


@dataclass(frozen=True)
class SessionInfo:
    """A session as ``GET /sessions`` lists it, with the server that holds it."""

    session_id: str
    server: str
    vm_config: str
    grammar: str
    steps: int
    done: bool
    busy: bool
    age_seconds: float
    lease_seconds: float
    lease_seconds_left: float
    task: str | None = None
    task_reference: str | None = None
    display: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, value: Mapping[str, Any], server: str) -> SessionInfo:
        return cls(
            session_id=str(value["session_id"]),
            server=server,
            vm_config=str(value.get("vm_config", "")),
            grammar=str(value.get("grammar", "")),
            steps=int(value.get("steps", 0)),
            done=bool(value.get("done", False)),
            busy=bool(value.get("busy", False)),
            age_seconds=float(value.get("age_seconds", 0.0)),
            lease_seconds=float(value.get("lease_seconds", 0.0)),
            lease_seconds_left=float(value.get("lease_seconds_left", 0.0)),
            task=value.get("task"),
            task_reference=value.get("task_reference"),
            display=value.get("display"),
            raw=dict(value),
        )


@dataclass(frozen=True)
class Health:
    """One server's ``GET /health``; ``up`` is False (and ``error`` says why) when it could not be
    reached."""

    server: str
    up: bool
    capacity: int = 0
    free: int = 0
    busy: int = 0
    error: str | None = None

    @classmethod
    def from_json(cls, value: Mapping[str, Any], server: str) -> Health:
        return cls(
            server=server,
            up=value.get("status") == "ok",
            capacity=int(value.get("capacity", 0)),
            free=int(value.get("free", 0)),
            busy=int(value.get("busy", 0)),
        )


@dataclass(frozen=True)
class FileWritten:
    """Where a written file landed on the server, and its size."""

    path: str
    bytes: int


def _optional_int(value: Any) -> int | None:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
