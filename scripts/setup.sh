#!/usr/bin/env bash
# Installs the Debian packages Deskgym builds against and drives (idempotent).
set -euo pipefail
packages=(
    # build: C libraries behind the shim targets
    pkg-config libx11-dev libxext-dev libxtst-dev libxdamage-dev libxfixes-dev zlib1g-dev libpng-dev libjpeg-dev
    libvncserver-dev
    # the session sandbox: bubblewrap builds the namespaces (nsenter and setpriv, from util-linux,
    # carry programs in); slirp4netns gives a sandbox with network: nat its network
    bubblewrap slirp4netns util-linux
    # the system python3 the sandbox runs (/usr is shared with it, a pyenv under /root is not):
    # python-xlib and tkinter (pyautogui imports mouseinfo, which needs it) from Debian, pip for
    # pyautogui below
    python3-xlib python3-pip python3-tk
    # desktops: X server, window manager, apps the sessions and tests start
    xvfb openbox xterm mousepad x11-utils x11-apps x11-xserver-utils xfonts-base fonts-dejavu-core
    # the bundled suite's applications (office with its default fonts, browser, which also renders
    # reports, file manager); the metric tests also make documents with LibreOffice and databases
    # with sqlite3
    libreoffice-calc libreoffice-writer libreoffice-impress fonts-liberation2 chromium pcmanfm sqlite3
    # VNC: libvncclient (the VNC driver), x11vnc (the VNC tests serve an Xvfb desktop with it)
    libvncserver-dev x11vnc
    # QEMU sessions (kind qemu) and their tests: the emulator (about 45 MB installed without
    # recommends) and qemu-ga, which the guest agent client's test runs on a host socket
    qemu-system-x86 qemu-guest-agent
    # pdftotext: compare_pdfs (and compare_archive's pdf members) extract PDF text with it
    poppler-utils
    # independent references the tests compare against
    imagemagick xdotool
    # wmctrl: the guest-agent test's stand-in guest activates windows with it, as OSWorld's VMs do
    wmctrl
    # a real VNC viewer for the recorder's tests
    tigervnc-viewer
    # accessibility: each session's AT-SPI bus and registry, libdbus for the tree reader, LibreOffice's
    # GTK3 front end (its only one with a tree); pyatspi runs `bench a11y`'s peer (OSWorld's method),
    # python-dbus and GObject the tests' hostile accessibility app
    dbus-daemon at-spi2-core libdbus-1-dev libreoffice-gtk3 python3-pyatspi python3-dbus python3-gi python3-pil
)
# `--osworld`: also the applications of OSWorld's Ubuntu VM that Debian packages (vm-configs/
# osworld.yaml). Visual Studio Code is not among them (docs/osworld-harness.md).
for argument in "$@"; do
    case "$argument" in
        --osworld) packages+=(gimp vlc thunderbird fonts-noto-core fonts-freefont-ttf fonts-crosextra-carlito fonts-crosextra-caladea) ;;
        *) echo "setup.sh: unknown option '$argument' (the only option is --osworld)" >&2; exit 2 ;;
    esac
done
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
if ((${#missing[@]})); then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

# A session's programs run in a sandbox where only the system's /usr/bin/python3 exists: OSWorld's
# `python -c "import pyautogui; …"` steps need the package there too. Without its dependencies:
# python-xlib and tkinter come from Debian above (pip would add the python3-xlib fork, version 0.15,
# which shadows Debian's and takes ~10 s to read a full-screen image).
if ! /usr/bin/python3 -c "import importlib.util as u, sys; sys.exit(0 if u.find_spec('pyautogui') else 1)"; then
    $SUDO /usr/bin/python3 -m pip install --quiet --break-system-packages --no-deps pyautogui==0.9.54 pymsgbox==2.0.1 \
        pytweening==1.2.0 pyscreeze==1.0.1 pygetwindow==0.0.9 pyrect==0.2.0 mouseinfo==0.1.3 pyperclip==1.11.0
fi
# OSWorld's harness, evaluators and agents (PyPI desktop-env), code only: the tests check that its
# own linearize_accessibility_tree and tag_screenshot read Deskgym's trees as Deskgym does.
if ! /usr/bin/python3 -c "import importlib.util as u, sys; sys.exit(0 if u.find_spec('mm_agents') else 1)"; then
    $SUDO /usr/bin/python3 -m pip install --quiet --break-system-packages --no-deps desktop-env==1.0.2
fi
if /usr/bin/python3 -c "import Xlib, sys; sys.exit(0 if Xlib.__version__ < (0, 30) else 1)" 2>/dev/null; then
    $SUDO /usr/bin/python3 -m pip uninstall --quiet -y --break-system-packages python3-xlib
fi

# OSWorld setup steps run `python -c "import pyautogui; …"` against the session's display: the real
# package (and python-xlib, its X11 backend) serves them. vncdotool is the VNC client the recording
# tests and `deskgym bench record` drive the recorder with.
if ! python3 -c "import importlib.util as u, sys; sys.exit(0 if u.find_spec('pyautogui') and u.find_spec('Xlib') and u.find_spec('vncdotool') else 1)"; then
    python3 -m pip install --quiet pyautogui python-xlib vncdotool
    # Under pyenv, `python -m pip` does not make the shim for a new command (vncdotool).
    if command -v pyenv >/dev/null; then pyenv rehash; fi
fi
