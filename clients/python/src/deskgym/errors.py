"""Typed errors for the answers of `deskgym serve`.

Every error the server sends has the shape ``{"error": {"code": ..., "message": ...}}``; the
client raises it as the subclass of :class:`DeskgymError` that matches its status, carrying
``status``, ``code``, ``message`` and the server it came from. Problems reaching a server (refused
connections, a server that went away mid-request, time-outs) have their own subclasses with
``status`` ``None``.
"""

from __future__ import annotations

from typing import Any, Mapping


class DeskgymError(Exception):
    """An error answer of the server, or a failure to reach it.

    Attributes:
        status: the HTTP status (``None`` when no answer came).
        code: the server's error code (``session_not_found``, ``invalid_action``, ...), or the
            client's own (``server_unavailable``, ``timeout``).
        message: what went wrong, naming the field, value or session at fault.
        server: the base URL of the server that answered or could not be reached.
        session_id: the session the request was about, when there was one.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str = "error",
        server: str | None = None,
        session_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.server = server
        self.session_id = session_id

    def __str__(self) -> str:
        head = f"{self.status} {self.code}" if self.status is not None else self.code
        where = f" (server {self.server})" if self.server else ""
        return f"{head}: {self.message}{where}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"message={self.message!r}, server={self.server!r})"
        )


class BadRequest(DeskgymError):
    """400: malformed JSON, a missing, unknown or mistyped field, an unknown task, vm-config or
    grammar, a malformed structured action. The message names the field."""


class Unauthorized(DeskgymError):
    """401: the bearer token is missing or wrong."""


class Forbidden(DeskgymError):
    """403: a file path that leaves the session's HOME (``path_outside_home``)."""


class NotFound(DeskgymError):
    """404: no such session (``session_not_found``), file (``file_not_found``) or route."""


class MethodNotAllowed(DeskgymError):
    """405: a known path asked with another method."""


class Conflict(DeskgymError):
    """409: a step after the episode ended (``episode_done``: reset first), or evaluating a
    session without a task (``no_task``)."""


class Gone(DeskgymError):
    """410: the session ended; :attr:`reason` says why (lease expired, deleted, environment
    error, server shut down)."""

    @property
    def reason(self) -> str:
        """Why the session ended, as the server put it."""
        return self.message


class PayloadTooLarge(DeskgymError):
    """413: the request body exceeds the server's ``--max-body-mb``."""


class CapacityFull(DeskgymError):
    """429: every session slot is taken; :attr:`retry_after` is the server's hint in seconds."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(DeskgymError):
    """500: the server could not do it (``command_failed``, ``file_error``, ``internal_error``)."""


class EnvironmentError(ServerError):  # noqa: A001 - named after the server's `environment_error`
    """500 ``environment_error``: the desktop broke (did not start, a setup step failed, it
    crashed); the session is stopped and later requests on it answer 410.

    Not exported by ``from deskgym import *`` so that it does not hide Python's builtin of the
    same name; use ``deskgym.EnvironmentError``.
    """


class ServerUnavailable(DeskgymError):
    """The server could not be reached (connection refused, it closed the connection mid-request),
    or answered 503 while shutting down. A session held by that server is lost for this client;
    create a new one."""


class ShuttingDown(ServerUnavailable):
    """503 ``shutting_down``: the server is stopping."""


class Timeout(DeskgymError):
    """No answer within the client's time-out (the server may still be working on it)."""


_BY_STATUS: dict[int, type[DeskgymError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    409: Conflict,
    410: Gone,
    413: PayloadTooLarge,
    429: CapacityFull,
    503: ShuttingDown,
}


def error_from_answer(
    status: int,
    body: Any,
    *,
    server: str | None = None,
    session_id: str | None = None,
    retry_after_header: str | None = None,
) -> DeskgymError:
    """The typed error for an error answer: ``body`` is the decoded JSON (or raw text when the
    answer was not JSON, as from a proxy in between)."""
    code = f"http_{status}"
    message = ""
    retry_after: float | None = None
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        error = body["error"]
        code = str(error.get("code", code))
        message = str(error.get("message", ""))
        if isinstance(error.get("retry_after_seconds"), (int, float)):
            retry_after = float(error["retry_after_seconds"])
    elif isinstance(body, (str, bytes)):
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        message = text.strip()[:500]
    if not message:
        message = f"HTTP {status} without an error body"
    if retry_after is None and retry_after_header:
        try:
            retry_after = float(retry_after_header)
        except ValueError:
            retry_after = None
    common: dict[str, Any] = {"status": status, "code": code, "server": server, "session_id": session_id}
    if status == 429:
        return CapacityFull(message, retry_after=retry_after, **common)
    if status == 500 and code == "environment_error":
        return EnvironmentError(message, **common)
    cls = _BY_STATUS.get(status)
    if cls is None:
        cls = ServerError if status >= 500 else DeskgymError
    return cls(message, **common)
