"""Real ``deskgym serve`` processes for the tests.

The binary is ``$DESKGYM_BIN``, else ``<repo>/.build/debug/deskgym``. Each server binds port 0 on
loopback, prints ``listening on http://127.0.0.1:PORT``, and is stopped with SIGTERM at the end;
it must exit 0 (it stops every session it holds on the way out).
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import threading
from pathlib import Path
from typing import Iterator

import pytest

REPO = Path(__file__).resolve().parents[3]
TASKS = REPO / "tasks"
VM_CONFIGS = REPO / "vm-configs"
#: Small screens keep the desktops cheap on a loaded machine.
SCREEN = (640, 480)
_LISTENING = re.compile(r"listening on (http://\S+)")


def deskgym_binary() -> Path:
    path = Path(os.environ.get("DESKGYM_BIN") or REPO / ".build" / "debug" / "deskgym")
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(f"no deskgym binary at {path}: build it (swift build --product deskgym) or set DESKGYM_BIN")
    return path


class ServerProcess:
    """One ``deskgym serve`` child process."""

    def __init__(self, log_path: Path, *, capacity: int = 2, args: tuple[str, ...] = (),
                 env: dict[str, str] | None = None) -> None:
        self.log_path = log_path
        command = [
            str(deskgym_binary()), "serve", "--port", "0", "--capacity", str(capacity),
            "--vm-configs", str(VM_CONFIGS), "--tasks", str(TASKS), *args,
        ]
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=self._log, stdin=subprocess.DEVNULL,
            env={**os.environ, "DESKGYM_TOKEN": "", **(env or {})}, start_new_session=True,
        )
        self.output: list[str] = []
        lines: queue.Queue[str | None] = queue.Queue()

        def drain() -> None:
            assert self.process.stdout is not None
            for raw in self.process.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                self.output.append(line)
                lines.put(line)
            lines.put(None)

        self._reader = threading.Thread(target=drain, daemon=True)
        self._reader.start()
        self.url = ""
        while not self.url:
            try:
                line = lines.get(timeout=60)
            except queue.Empty:
                self.stop(check=False)
                pytest.fail(f"deskgym serve printed no 'listening on' line in 60 s; log:\n{self.log_tail()}")
            if line is None:
                code = self.process.wait()
                pytest.fail(f"deskgym serve exited with {code} before listening; log:\n{self.log_tail()}")
            match = _LISTENING.search(line)
            if match:
                self.url = match.group(1)

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        self._log.flush()
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def stop(self, *, check: bool = True) -> int:
        """SIGTERM, wait for the graceful exit (it stops its sessions first); returns the status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                self._reader.join(timeout=10)
                self._log.close()
                pytest.fail(f"deskgym serve did not stop within 120 s of SIGTERM; log:\n{self.log_tail()}")
        self._reader.join(timeout=10)
        self._log.close()
        code = self.process.returncode
        if check:
            assert code == 0, f"deskgym serve exited with {code}; log:\n{self.log_path.read_text(errors='replace')[-4000:]}"
        return code


class ServerFarm:
    """Starts servers for one test and stops every one of them at its end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.servers: list[ServerProcess] = []

    def start(self, **kwargs) -> ServerProcess:
        server = ServerProcess(self.folder / f"serve-{len(self.servers)}.log", **kwargs)
        self.servers.append(server)
        return server

    def stop_all(self) -> None:
        failures = []
        for server in self.servers:
            if server.running or not server._log.closed:
                try:
                    server.stop()
                except AssertionError as error:
                    failures.append(str(error))
        assert not failures, "\n".join(failures)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The shared server: capacity 3, 1 MiB bodies (for the 413 test)."""
    process = ServerProcess(tmp_path_factory.mktemp("serve") / "serve.log", capacity=3, args=("--max-body-mb", "1"))
    yield process
    process.stop()


@pytest.fixture
def farm(tmp_path: Path) -> Iterator[ServerFarm]:
    """Servers of the test's own, all stopped (and checked to exit 0) at its end."""
    servers = ServerFarm(tmp_path)
    try:
        yield servers
    finally:
        servers.stop_all()


@pytest.fixture
def client(server: ServerProcess):
    import deskgym

    with deskgym.Client(server.url) as c:
        yield c
        # Leave the shared server empty for the next test.
        for info in c.list_sessions():
            try:
                c.delete_session(info.session_id)
            except deskgym.DeskgymError:
                pass


#: A shell command, run in a session, that SIGKILLs that session's terminal (xterm): the one
#: whose environment has this session's HOME. The server's health check then ends the session.
KILL_OWN_TERMINAL = (
    'for p in /proc/[0-9]*; do '
    'if [ "$(cat $p/comm 2>/dev/null)" = xterm ] && tr "\\0" "\\n" < $p/environ 2>/dev/null | grep -qxF "HOME=$HOME"; '
    'then echo ${p#/proc/}; kill -9 ${p#/proc/}; fi; done'
)
