#!/usr/bin/env python3
"""A hostile accessibility app for the reader's tests: it registers with the session's AT-SPI
registry like a toolkit would and serves a tree of any size.

Usage: hostile_atspi_app.py FANOUT [DELAY_SECONDS] [NAME_BYTES]   (the bus: $AT_SPI_BUS_ADDRESS)
Every object has FANOUT children, forever deep (object N's children are N*FANOUT+1 …), each call
answered after DELAY_SECONDS, every name NAME_BYTES long. Prints "ready" once registered.
"""
import os
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib
import time

ACCESSIBLE = "org.a11y.atspi.Accessible"
PREFIX = "/org/a11y/atspi/accessible/"


class Tree(dbus.service.FallbackObject):
    def __init__(self, bus, fanout, delay, name_bytes):
        super().__init__(bus, "/org/a11y/atspi/accessible")
        self.bus, self.fanout, self.delay, self.name_bytes = bus, fanout, delay, name_bytes

    def number(self, path):
        tail = path[len(PREFIX):]
        return 0 if tail == "root" else int(tail)

    def wait(self):
        if self.delay:
            time.sleep(self.delay)

    @dbus.service.method(ACCESSIBLE, out_signature="a(so)", rel_path_keyword="path")
    def GetChildren(self, path=None):
        self.wait()
        n = self.number(PREFIX + path.lstrip("/"))
        me = self.bus.get_unique_name()
        return [(me, dbus.ObjectPath(PREFIX + str(n * self.fanout + k))) for k in range(1, self.fanout + 1)]

    @dbus.service.method(ACCESSIBLE, in_signature="i", out_signature="(so)", rel_path_keyword="path")
    def GetChildAtIndex(self, index, path=None):
        self.wait()
        n = self.number(PREFIX + path.lstrip("/"))
        return (self.bus.get_unique_name(), dbus.ObjectPath(PREFIX + str(n * self.fanout + index + 1)))

    @dbus.service.method(ACCESSIBLE, out_signature="u", rel_path_keyword="path")
    def GetRole(self, path=None):
        self.wait()
        return dbus.UInt32(75 if path.endswith("root") else 39)  # application, panel

    @dbus.service.method(ACCESSIBLE, out_signature="au", rel_path_keyword="path")
    def GetState(self, path=None):
        self.wait()
        return [dbus.UInt32(1 << 8 | 1 << 25 | 1 << 30), dbus.UInt32(0)]  # enabled, showing, visible

    @dbus.service.method(ACCESSIBLE, out_signature="as", rel_path_keyword="path")
    def GetInterfaces(self, path=None):
        self.wait()
        return [ACCESSIBLE]

    @dbus.service.method(ACCESSIBLE, out_signature="a{ss}", rel_path_keyword="path")
    def GetAttributes(self, path=None):
        self.wait()
        return {"toolkit": "hostile"}

    @dbus.service.method("org.freedesktop.DBus.Properties", in_signature="s", out_signature="a{sv}", rel_path_keyword="path")
    def GetAll(self, interface, path=None):
        self.wait()
        n = self.number(PREFIX + path.lstrip("/"))
        name = ("node %d " % n).ljust(self.name_bytes, "x")
        return {"Name": name, "Description": "", "ChildCount": dbus.Int32(self.fanout)}


def main():
    address, fanout = os.environ["AT_SPI_BUS_ADDRESS"], int(sys.argv[1])
    delay = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    name_bytes = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(address)
    Tree(bus, fanout, delay, name_bytes)
    registry = bus.get_object("org.a11y.atspi.Registry", PREFIX + "root")
    registry.Embed((bus.get_unique_name(), dbus.ObjectPath(PREFIX + "root")), dbus_interface="org.a11y.atspi.Socket")
    print("ready", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
