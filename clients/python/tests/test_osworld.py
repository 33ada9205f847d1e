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
