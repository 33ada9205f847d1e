"""OSWorld's own harness on Deskgym desktops: the ``deskgym`` provider for PyPI ``desktop-env``.

OSWorld's ``DesktopEnv`` talks to a VM through a provider (start, address, revert, stop) and to the
VM's in-VM server over HTTP. A Deskgym session created with ``osworld_api=True`` serves that
in-VM API on a loopback port of its own, so the provider here only has to manage the session:

    import deskgym.osworld
    deskgym.osworld.register()          # adds provider_name="deskgym" to desktop_env
    from desktop_env.desktop_env import DesktopEnv
    env = DesktopEnv(provider_name="deskgym", region="http://127.0.0.1:8765",
                     action_space="pyautogui", screen_size=(1920, 1080))

``region`` is the ``deskgym serve`` URL (else ``$DESKGYM_URL``, else ``http://127.0.0.1:8765``);
``path_to_vm`` may name the vm-config (``"deskgym://browser"``; else ``$DESKGYM_VM_CONFIG``, else
the server's default). The token comes from ``$DESKGYM_TOKEN``. Reverting to the snapshot resets the
session (a fresh desktop in well under a second, not a VM restore); stopping deletes it.

OSWorld's scripts run unchanged with ``python -m deskgym.osworld run.py --provider_name deskgym …``:
the module registers the provider, then runs the script as ``__main__``.
"""

from __future__ import annotations

import functools
import os
import runpy
import sys
import threading
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .client import Client, Session
from .errors import Gone, NotFound

#: The name ``DesktopEnv(provider_name=…)`` takes.
PROVIDER_NAME = "deskgym"
#: How ``path_to_vm`` names a Deskgym session's vm-config: ``deskgym://NAME?screen=WxH``.
PATH_SCHEME = "deskgym://"

_registering = threading.local()
_lock = threading.Lock()


def _server_url(region: str | None) -> str:
    if region and region.startswith(("http://", "https://")):
        return region.rstrip("/")
    return os.environ.get("DESKGYM_URL", "http://127.0.0.1:8765").rstrip("/")


def parse_vm_path(path_to_vm: str | None) -> tuple[str | None, tuple[int, int] | None]:
    """The vm-config and screen size a ``deskgym://NAME?screen=WxH`` path names (either may be None)."""
    if not path_to_vm:
        return None, None
    if not path_to_vm.startswith(PATH_SCHEME):
        return path_to_vm, None
    parts = urlsplit(path_to_vm)
    name = (parts.netloc + parts.path).strip("/") or None
    screen = None
    for value in parse_qs(parts.query).get("screen", []):
        width, _, height = value.partition("x")
        if not (width.isdigit() and height.isdigit()):
            raise ValueError(f"path_to_vm {path_to_vm!r}: screen must be WIDTHxHEIGHT, got {value!r}")
        screen = (int(width), int(height))
    return name, screen


class DeskgymProvider:
    """OSWorld's ``Provider`` interface over one Deskgym session (made on the first start)."""

    def __init__(self, region: str | None = None) -> None:
        self.region = region
        self.url = _server_url(region)
        self.client = Client(self.url, token=os.environ.get("DESKGYM_TOKEN") or None, timeout=600.0)
        self.session: Session | None = None

    def start_emulator(self, path_to_vm: str, headless: bool = True, os_type: str | None = None, *args: Any,
                       **kwargs: Any) -> None:
        """Creates the session, once; later starts (after a revert) find it running."""
        if self.session is not None:
            return
        if os_type not in (None, "Ubuntu", "Linux"):
            raise NotImplementedError(f"Deskgym desktops are Linux; os_type {os_type!r} is not available")
        vm_config, screen = parse_vm_path(path_to_vm)
        vm_config = vm_config or os.environ.get("DESKGYM_VM_CONFIG") or None
        self.session = self.client.create_session(vm_config=vm_config, screen=screen, osworld_api=True,
                                                  image="none", lease_seconds=24 * 3600.0)

    def get_ip_address(self, path_to_vm: str) -> str:
        """``host:server_port:chromium_port:vnc_port:vlc_port``, as the Docker provider answers."""
        if self.session is None:
            raise RuntimeError("the Deskgym session has not been started (start_emulator first)")
        ports = self.session.raw.get("osworld") or {}
        if not ports.get("server_port"):
            raise RuntimeError(f"the server at {self.url} did not start OSWorld's API for session {self.session.id}")
        host = urlsplit(self.url).hostname or "127.0.0.1"
        return ":".join([host] + [str(ports.get(name, 0)) for name in
                                  ("server_port", "chromium_port", "vnc_port", "vlc_port")])

    def save_state(self, path_to_vm: str, snapshot_name: str) -> None:
        raise NotImplementedError("Deskgym sessions have no snapshots: a revert starts a fresh desktop")

    def revert_to_snapshot(self, path_to_vm: str, snapshot_name: str) -> str:
        """Resets the session to a fresh desktop; the path (and the API's port) stay the same."""
        if self.session is not None:
            self.session.reset()
        return path_to_vm

    def stop_emulator(self, path_to_vm: str, *args: Any, **kwargs: Any) -> None:
        """Deletes the session (idempotent; a session that already ended counts as stopped)."""
        session, self.session = self.session, None
        if session is not None:
            try:
                session.delete()
            except (Gone, NotFound):
                pass
            finally:
                self.client.close()


class DeskgymVMManager:
    """OSWorld's ``VMManager`` interface: Deskgym keeps no registry of VMs, sessions are made on
    demand, so each method is trivial; ``get_vm_path`` names the vm-config and screen size."""

    checked_and_cleaned = True

    def initialize_registry(self, **kwargs: Any) -> None:
        pass

    def add_vm(self, vm_path: str, *args: Any, **kwargs: Any) -> None:
        pass

    def delete_vm(self, vm_path: str, *args: Any, **kwargs: Any) -> None:
        pass

    def occupy_vm(self, vm_path: str, pid: int, *args: Any, **kwargs: Any) -> None:
        pass

    def list_free_vms(self, *args: Any, **kwargs: Any) -> list[str]:
        return []

    def check_and_clean(self, *args: Any, **kwargs: Any) -> None:
        pass

    def get_vm_path(self, os_type: str | None = None, region: str | None = None, screen_size: Any = None,
                    **kwargs: Any) -> str:
        name = os.environ.get("DESKGYM_VM_CONFIG", "")
        path = PATH_SCHEME + name
        if screen_size:
            path += f"?screen={int(screen_size[0])}x{int(screen_size[1])}"
        return path


def register() -> None:
    """Teaches ``desktop_env`` the provider name ``deskgym`` (idempotent).

    ``desktop_env``'s factory knows its providers by name, and ``DesktopEnv`` checks the name
    against the providers it knows. The factory is wrapped to answer ``deskgym``; ``DesktopEnv``
    is built, for that name, as for a provider whose machines start clean (as Docker's do: no
    revert before the first task), and then carries the name ``deskgym``.
    """
    import desktop_env.desktop_env as desktop_env_module
    import desktop_env.providers as providers

    with _lock:
        if getattr(desktop_env_module, "_deskgym_registered", False):
            return
        original_factory = providers.create_vm_manager_and_provider

        @functools.wraps(original_factory)
        def factory(provider_name: str, region: str, use_proxy: bool = False):
            if getattr(_registering, "active", False) or str(provider_name).lower().strip() == PROVIDER_NAME:
                return DeskgymVMManager(), DeskgymProvider(region)
            return original_factory(provider_name, region, use_proxy=use_proxy)

        providers.create_vm_manager_and_provider = factory
        desktop_env_module.create_vm_manager_and_provider = factory
        original_init = desktop_env_module.DesktopEnv.__init__

        @functools.wraps(original_init)
        def init(self: Any, provider_name: str = "vmware", *args: Any, **kwargs: Any) -> None:
            if str(provider_name).lower().strip() != PROVIDER_NAME:
                return original_init(self, provider_name, *args, **kwargs)
            _registering.active = True
            try:
                original_init(self, "docker", *args, **kwargs)
            finally:
                _registering.active = False
            self.provider_name = PROVIDER_NAME

        desktop_env_module.DesktopEnv.__init__ = init
        desktop_env_module._deskgym_registered = True


def main(argv: list[str] | None = None) -> None:
    """``python -m deskgym.osworld SCRIPT [ARGS…]``: registers the provider, runs SCRIPT as ``__main__``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print("usage: python -m deskgym.osworld SCRIPT.py [ARGS...]  (e.g. OSWorld's run.py --provider_name deskgym)")
        raise SystemExit(0 if args else 2)
    register()
    script = args[0]
    sys.argv = args
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
