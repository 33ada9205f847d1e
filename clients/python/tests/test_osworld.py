"""OSWorld's own harness (PyPI ``desktop-env``: ``DesktopEnv``, its ``SetupController``,
``PythonController``, getters and metrics) on a real ``deskgym serve`` through the ``deskgym``
provider.

``desktop-env`` is installed without its dependencies (``scripts/test.sh``): the harness and the
evaluators these tasks use need ``requests``, ``gymnasium``, ``lxml``, ``cssselect``, ``rapidfuzz``
and ``yaml``, which are installed. ``desktop_env.evaluators`` imports every metric module at once,
and those import libraries for other domains (OCR, audio, PDF, office files, …); the ones not
installed are stubbed here, and nothing these tasks run touches a stub (a stub raises if called).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import types
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
TASKS = REPO / "tasks"

pytest.importorskip("requests")
if importlib.util.find_spec("desktop_env") is None:
    if os.environ.get("DESKGYM_REQUIRE_OSWORLD") == "1":
        pytest.fail("desktop-env is not installed (pip install --no-deps desktop-env==1.0.2)", pytrace=False)
    pytest.skip("desktop-env (OSWorld's harness) is not installed", allow_module_level=True)

#: Top-level modules ``desktop_env.evaluators`` imports for domains these tests do not run.
STUBBED = [
    "pandas", "openpyxl", "docx", "cv2", "psutil", "playwright", "skimage", "pydrive", "pptx", "odf", "imagehash",
    "fitz", "borb", "tldextract", "pytz", "pypdf", "pdfplumber", "mutagen", "librosa",
    "formulas", "fastdtw", "easyocr", "bs4", "acoustid", "PyPDF2", "xmltodict", "dotenv",
]


class _Stub:
    """Stands for anything a stubbed library exports; calling it says which library is missing."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> "_Stub":
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return _Stub(f"{self._name}.{attribute}")

    def __call__(self, *args: object, **kwargs: object) -> object:
        raise RuntimeError(f"{self._name} is stubbed in the OSWorld harness test (its library is not installed)")

    def __getitem__(self, key: object) -> "_Stub":
        return _Stub(f"{self._name}[{key!r}]")

    def __mro_entries__(self, bases: tuple) -> tuple:
        return (object,)


class _StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, roots: set[str]) -> None:
        self.roots = roots

    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] in self.roots:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.__path__ = []
        module.__getattr__ = lambda attribute: _Stub(f"{spec.name}.{attribute}")  # type: ignore[attr-defined]
        return module

    def exec_module(self, module) -> None:
        pass


def _install_stubs() -> None:
    missing = {name for name in STUBBED if importlib.util.find_spec(name) is None}
    if missing and not any(isinstance(finder, _StubFinder) for finder in sys.meta_path):
        sys.meta_path.append(_StubFinder(missing))


_install_stubs()

import deskgym.osworld  # noqa: E402

deskgym.osworld.register()

from desktop_env.desktop_env import DesktopEnv  # noqa: E402


def _task(reference: str) -> dict:
    return json.loads((TASKS / f"{reference}.json").read_text())


def _reference_actions(task: dict) -> list[str]:
    solution = task["deskgym"]["reference_solution"]
    assert solution["grammar"] == "pyautogui"
    return solution["actions"]


@pytest.fixture
def osworld_env(server, client):  # after `client`, so that it ends before client empties the server
    env = DesktopEnv(provider_name="deskgym", region=server.url, action_space="pyautogui", screen_size=(1280, 800),
                     require_a11y_tree=False)
    try:
        yield env
    finally:
        env.close()


@pytest.mark.parametrize("reference", [
    "os/create-hello-file",
    "text_editor/append-line-mousepad",
    "text_editor/go-to-line-dialog-mousepad",
])
def test_desktop_env_scores_reference_solution_one_and_nothing_zero(osworld_env, client, reference):
    """OSWorld's setup controller prepares the task, the reference actions go through env.step,
    and OSWorld's evaluator scores 1; after a reset, doing nothing scores 0 — as deskgym scores."""
    env = osworld_env
    task = _task(reference)
    assert env.provider_name == "deskgym"
    observation = env.reset(task_config=task)
    assert observation["screenshot"][:8] == b"\x89PNG\r\n\x1a\n"
    assert observation["instruction"] == task["instruction"]
    for action in _reference_actions(task):
        _, _, done, _ = env.step(action, pause=0.5)
    assert done, "DONE ends the episode"
    assert env.evaluate() == 1

    env.reset(task_config=task)  # a used environment reverts: the session resets to a fresh desktop
    env.step("DONE", pause=0)
    assert env.evaluate() == 0

    # The same task through Deskgym's own evaluator scores the same.
    with client.create_session(task=reference, image="none") as session:
        assert session.evaluate().score == 0


def test_provider_answers_docker_shaped_address_and_session_lives_on_the_server(server, client):
    env = DesktopEnv(provider_name="deskgym", region=server.url, action_space="pyautogui", screen_size=(1024, 768),
                     require_a11y_tree=True)
    try:
        session_id = env.provider.session.id
        host, *ports = env.provider.get_ip_address(env.path_to_vm).split(":")
        assert host == "127.0.0.1" and len(ports) == 4 and int(ports[0]) > 0
        assert env.server_port == int(ports[0])
        assert env.vm_screen_size == {"width": 1024, "height": 768}
        assert env.vm_platform == "Linux"
        assert session_id in {s.session_id for s in client.list_sessions()}
        observation = env.reset()
        assert observation["accessibility_tree"].startswith("<desktop-frame")
        # Files through the in-VM API: upload as the setup controller does, read back as getters do.
        env.setup_controller._upload_file_setup([{"local_path": __file__, "path": "/home/user/up/test.py"}])
        assert env.controller.get_file("/home/user/up/test.py") == Path(__file__).read_bytes()
        assert env.controller.get_file("/home/user/missing.txt") is None
        listing = env.controller.get_vm_directory_tree("/home/user/up")
        assert listing == {"type": "directory", "name": "up", "children": [{"type": "file", "name": "test.py"}]}
        result = env.controller.run_bash_script("echo out; echo err >&2; exit 4")
        assert result["returncode"] == 4 and result["output"] == "out\nerr\n"
    finally:
        env.close()
    assert session_id not in {s.session_id for s in client.list_sessions()}, "close deletes the session"


def test_bad_input_gets_osworld_shaped_errors(server, client):
    import requests

    with client.create_session(osworld_api=True, image="none") as session:
        port = session.raw["osworld"]["server_port"]
        base = f"http://127.0.0.1:{port}"
        answer = requests.post(f"{base}/execute", json={"command": 'echo "open', "shell": False}, timeout=30)
        assert answer.status_code == 400 and "no closing quotation" in answer.json()["error"]
        answer = requests.post(f"{base}/execute", json={"command": [1, 2]}, timeout=30)
        assert answer.status_code == 400 and "'command'[0] must be a string" in answer.json()["error"]
        answer = requests.post(f"{base}/run_python", json={"code": "x" * 200_000}, timeout=30)
        assert answer.status_code == 400 and "more than the 100000" in answer.json()["error"]
        answer = requests.post(f"{base}/file", data={}, timeout=30)
        assert answer.status_code == 400 and answer.json() == {"error": "file_path is required"}
        answer = requests.post(f"{base}/setup/activate_window", json={"window_name": "No Such Window"}, timeout=30)
        assert answer.status_code == 404 and "no window matches 'No Such Window'" in answer.text
        answer = requests.post(f"{base}/start_recording", timeout=30)
        assert answer.status_code == 501 and "not served by Deskgym" in answer.json()["error"]
        answer = requests.post(f"{base}/execute", data=b"{" * 10_000, headers={"Content-Type": "application/json"}, timeout=30)
        assert answer.status_code == 400
        # A folder that links to itself lists to a bounded depth instead of forever.
        requests.post(f"{base}/execute", json={"command": "mkdir -p ~/loop && ln -s . ~/loop/self", "shell": True},
                      timeout=30)
        answer = requests.post(f"{base}/list_directory", json={"path": "/home/user/loop"}, timeout=60)
        assert answer.status_code == 200
        depth, node = 0, answer.json()["directory_tree"]
        while node.get("children"):
            node, depth = node["children"][0], depth + 1
        assert 0 < depth <= 32
    with pytest.raises(Exception):
        requests.get(f"{base}/platform", timeout=5)  # the API ends with its session


class _ScriptedModel:
    """A local endpoint speaking OpenAI's chat-completions protocol: it answers each request with
    the next scripted reply and keeps the requests, as a real model server would receive them."""

    def __init__(self, replies: list[str]) -> None:
        import http.server
        import threading

        self.replies = list(replies)
        self.requests: list[dict] = []
        model = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                model.requests.append({"path": self.path, "body": body})
                text = model.replies.pop(0) if model.replies else "Thought: nothing left.\nAction: finished()"
                answer = json.dumps({
                    "id": f"chatcmpl-{len(model.requests)}", "object": "chat.completion", "created": 0,
                    "model": body.get("model"),
                    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
                    "usage": {"prompt_tokens": 1000, "completion_tokens": 20, "total_tokens": 1020},
                }).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def test_osworld_uitars_agent_solves_a_task_against_a_local_model(osworld_env, monkeypatch):
    """OSWorld's own UI-TARS-1.5 agent (mm_agents.uitars15_v1) runs an episode as OSWorld's
    run scripts do — predict, env.step each action, evaluate — against a local endpoint that
    speaks OpenAI's protocol; its answers are parsed by the agent into pyautogui code that
    Deskgym's session runs."""
    pytest.importorskip("openai")
    pytest.importorskip("loguru")
    model = _ScriptedModel([
        "Thought: The terminal is open; I write the greeting into hello.txt.\n"
        "Action: type(content='echo \\'Hello, Deskgym\\' > ~/hello.txt\\n')",
        "Thought: The file is written.\nAction: finished()",
    ])
    try:
        monkeypatch.setenv("DOUBAO_API_URL", model.url)
        monkeypatch.setenv("DOUBAO_API_KEY", "test-key")
        from mm_agents.uitars15_v1 import UITARSAgent

        agent = UITARSAgent(
            model="ui-tars-1.5-7b", model_type="qwen25vl", max_trajectory_length=15,
            runtime_conf={
                "temperature": 0.0, "top_k": -1, "top_p": 0.9, "max_tokens": 500, "infer_mode": "qwen25vl_normal",
                "prompt_style": "qwen25vl_normal", "input_swap": False, "language": "English",
                "max_pixels": 16384 * 28 * 28, "min_pixels": 100 * 28 * 28, "callusr_tolerance": 3, "history_n": 5,
            })
        env = osworld_env
        task = _task("os/create-hello-file")
        agent.reset()
        obs = env.reset(task_config=task)
        done, steps = False, 0
        while not done and steps < 5:
            _, actions = agent.predict(task["instruction"], obs)
            for action in actions:
                obs, _, done, _ = env.step(action, pause=0.5)
                if done:
                    break
            steps += 1
        assert done and steps == 2
        assert env.evaluate() == 1
        assert len(model.requests) == 2 and model.requests[0]["path"] == "/v1/chat/completions"
        first = model.requests[0]["body"]
        assert first["model"] == "ui-tars-1.5-7b"
        images = [part for message in first["messages"] if isinstance(message["content"], list)
                  for part in message["content"] if part.get("type") == "image_url"]
        assert images and images[0]["image_url"]["url"].startswith("data:image/png;base64,")
        assert task["instruction"] in json.dumps(first["messages"])
    finally:
        model.close()


def _cdp_call(ws_url: str, method: str) -> dict:
    """One DevTools call over the browser's WebSocket, with the standard library alone (a
    handshake, one masked text frame out, one unmasked frame back)."""
    import base64
    import socket
    import struct
    from urllib.parse import urlsplit

    parts = urlsplit(ws_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as sock:
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall((f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
                      f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        reply = b""
        while b"\r\n\r\n" not in reply:
            reply += sock.recv(4096)
        assert reply.startswith(b"HTTP/1.1 101"), reply[:200]
        rest = reply.split(b"\r\n\r\n", 1)[1]
        payload = json.dumps({"id": 1, "method": method}).encode()
        mask = os.urandom(4)
        header = bytes([0x81, 0x80 | len(payload)]) if len(payload) < 126 else bytes([0x81, 0xFE]) + struct.pack(">H", len(payload))
        sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
        data = rest
        while True:
            while len(data) < 2:
                data += sock.recv(65536)
            length, offset = data[1] & 0x7F, 2
            if length == 126:
                while len(data) < 4:
                    data += sock.recv(65536)
                length, offset = struct.unpack(">H", data[2:4])[0], 4
            elif length == 127:
                while len(data) < 10:
                    data += sock.recv(65536)
                length, offset = struct.unpack(">Q", data[2:10])[0], 10
            while len(data) < offset + length:
                data += sock.recv(65536)
            message = json.loads(data[offset:offset + length])
            if message.get("id") == 1:
                return message
            data = data[offset + length:]


def test_chromium_port_leads_to_the_sessions_browser_wherever_it_listens(client):
    """OSWorld's chromium_port: before a browser runs, connections close; after the task launches
    google-chrome as OSWorld writes it (port 1337, which Deskgym maps to a free one), the port
    answers DevTools over HTTP and WebSocket, with URLs that lead back through it."""
    import time

    import requests

    with client.create_session(osworld_api=True, image="none") as session:
        ports = session.raw["osworld"]
        base, devtools = f"http://127.0.0.1:{ports['server_port']}", f"http://127.0.0.1:{ports['chromium_port']}"
        assert ports["chromium_port"] > 0 and ports["vlc_port"] == 0
        with pytest.raises(requests.RequestException):
            requests.get(f"{devtools}/json/version", timeout=10)
        answer = requests.post(f"{base}/setup/launch", json={"command": ["google-chrome", "--remote-debugging-port=1337"]},
                               timeout=60)
        assert answer.status_code == 200 and answer.text == "google-chrome --remote-debugging-port=1337 launched successfully"
        deadline, version = time.monotonic() + 60, None
        while version is None and time.monotonic() < deadline:
            try:
                version = requests.get(f"{devtools}/json/version", timeout=10).json()
            except requests.RequestException:
                time.sleep(0.3)
        assert version is not None, "Chromium's DevTools never answered through chromium_port"
        ws_url = version["webSocketDebuggerUrl"]
        assert f":{ports['chromium_port']}/devtools/browser/" in ws_url
        reply = _cdp_call(ws_url, "Browser.getVersion")
        assert reply["result"]["product"] == version["Browser"]


def test_module_runs_a_script_with_the_provider_registered(server, tmp_path):
    """``python -m deskgym.osworld SCRIPT ARGS…`` registers the provider and runs SCRIPT as
    __main__ with its own arguments, as OSWorld's run.py is run."""
    import subprocess

    script = tmp_path / "run_like_osworld.py"
    script.write_text(
        "import argparse\n"
        "from desktop_env.desktop_env import DesktopEnv\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--provider_name')\n"
        "parser.add_argument('--region')\n"
        "args = parser.parse_args()\n"
        "env = DesktopEnv(provider_name=args.provider_name, region=args.region, action_space='pyautogui',\n"
        "                 screen_size=(800, 600), require_a11y_tree=False)\n"
        "try:\n"
        "    print('platform', env.vm_platform, 'screen', env.vm_screen_size['width'], env.vm_screen_size['height'])\n"
        "finally:\n"
        "    env.close()\n")
    stubs = Path(__file__).resolve().parent
    # The stubs of this test module stand in for the evaluators' heavy libraries in the child too.
    bootstrap = f"import sys; sys.path.insert(0, {str(stubs)!r}); import test_osworld; from deskgym.osworld import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", bootstrap, str(script), "--provider_name", "deskgym", "--region", server.url],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "platform Linux screen 800 600" in done.stdout
    usage = subprocess.run([sys.executable, "-m", "deskgym.osworld"], capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and "usage: python -m deskgym.osworld SCRIPT.py" in usage.stdout
