#!/usr/bin/python3
"""A slow X client for the _NET_WM_PING tests (python3-xlib).

It maps a window titled --title, takes the input focus, and then reads its events one by one:
after each KeyPress it sleeps --sleep seconds (a busy application) and appends the key's name
to --keys, then reads the next event. It answers _NET_WM_PING as EWMH asks (the same message sent
back to the root window) unless --no-ping, in which case WM_PROTOCOLS lists only WM_DELETE_WINDOW.
Once the window has the focus it writes "ready" to --ready.
"""

import argparse
import os
import sys
import time

from Xlib import X, XK, Xatom, display
from Xlib.protocol import event as xevent


def append(path, text):
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--title", required=True)
    parser.add_argument("--keys", required=True, help="file the handled keys are appended to")
    parser.add_argument("--ready", required=True, help="file written once the window has the focus")
    parser.add_argument("--sleep", type=float, default=0.25, help="seconds spent on each KeyPress")
    parser.add_argument("--no-ping", action="store_true", help="leave _NET_WM_PING out of WM_PROTOCOLS")
    options = parser.parse_args()

    connection = display.Display()
    screen = connection.screen()
    root = screen.root
    wm_protocols = connection.intern_atom("WM_PROTOCOLS")
    wm_delete = connection.intern_atom("WM_DELETE_WINDOW")
    net_wm_ping = connection.intern_atom("_NET_WM_PING")

    window = root.create_window(
        50, 50, 320, 200, 0, screen.root_depth, X.InputOutput, X.CopyFromParent,
        background_pixel=screen.white_pixel,
        event_mask=X.KeyPressMask | X.StructureNotifyMask | X.FocusChangeMask | X.ExposureMask)
    window.set_wm_name(options.title)
    window.set_wm_class("pingclient", "PingClient")
    window.set_wm_hints(flags=1, input=1)  # InputHint: the window takes the focus
    protocols = [wm_delete] if options.no_ping else [wm_delete, net_wm_ping]
    window.change_property(wm_protocols, Xatom.ATOM, 32, protocols)
    window.change_property(
        connection.intern_atom("_NET_WM_PID"), Xatom.CARDINAL, 32, [os.getpid()])
    window.map()
    connection.sync()

    ready = False
    while True:
        event = connection.next_event()
        if event.type == X.MapNotify and not ready:
            window.set_input_focus(X.RevertToParent, X.CurrentTime)
            connection.sync()
        elif event.type == X.FocusIn and not ready:
            ready = True
            append(options.ready, "ready")
        elif event.type == X.KeyPress:
            time.sleep(options.sleep)
            keysym = connection.keycode_to_keysym(event.detail, 0)
            append(options.keys, XK.keysym_to_string(keysym) or str(keysym))
        elif event.type == X.ClientMessage and event.client_type == wm_protocols:
            kind, data = event.data
            if data[0] == net_wm_ping and not options.no_ping:
                answer = xevent.ClientMessage(window=root, client_type=wm_protocols, data=(32, data))
                root.send_event(
                    answer, event_mask=X.SubstructureNotifyMask | X.SubstructureRedirectMask)
                connection.flush()
            elif data[0] == wm_delete:
                return 0


if __name__ == "__main__":
    sys.exit(main())
