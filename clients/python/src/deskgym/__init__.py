"""Python client for the Deskgym environment server (``deskgym serve``).

- :class:`Client` and :class:`AsyncClient`: sessions on one or several servers (placed by free
  capacity, with failover), steps, batched steps, resets, evaluation, commands and files.
- :class:`DeskgymEnv`: a session as a ``gymnasium.Env``.
- Typed errors: :class:`DeskgymError` and one subclass per kind of answer.
"""

from .aio import AsyncClient, AsyncSession
from .client import Client, Session
from .env import DeskgymEnv
from .errors import (
    BadRequest,
    CapacityFull,
    Conflict,
    DeskgymError,
    EnvironmentError,
    Forbidden,
    Gone,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    ServerError,
    ServerUnavailable,
    ShuttingDown,
    Timeout,
    Unauthorized,
)
from .models import (
    CommandResult,
    Evaluation,
    FileWritten,
    Health,
    Observation,
    SessionInfo,
    StepResult,
    TerminalOutput,
    Window,
)
from .spaces import UnicodeText

__version__ = "0.1.0"

# EnvironmentError is left out so that `from deskgym import *` does not hide Python's builtin.
__all__ = [
    "AsyncClient",
    "AsyncSession",
    "BadRequest",
    "CapacityFull",
    "Client",
    "CommandResult",
    "Conflict",
    "DeskgymEnv",
    "DeskgymError",
    "Evaluation",
    "FileWritten",
    "Forbidden",
    "Gone",
    "Health",
    "MethodNotAllowed",
    "NotFound",
    "Observation",
    "PayloadTooLarge",
    "ServerError",
    "ServerUnavailable",
    "Session",
    "SessionInfo",
    "ShuttingDown",
    "StepResult",
    "TerminalOutput",
    "Timeout",
    "Unauthorized",
    "UnicodeText",
    "Window",
]
