#!/usr/bin/env python3
"""The peer of `deskgym bench a11y`: OSWorld's way of reading a Linux accessibility tree.

OSWorld's in-VM server (desktop_env/server/main.py, `/accessibility`) walks the desktop with
pyatspi, object by object: name, states, attributes, extents (when visible and showing), text,
image/selection/value/action interfaces, role, then children (the first 1,024; in a LibreOffice
sheet, the cells that are showing), one thread per application. This script makes the same calls
in the same order (written for this benchmark, not copied) and prints one JSON line:
{"nodes": N, "seconds": S, "bytes": B}. The bus comes from AT_SPI_BUS_ADDRESS.

Usage: osworld_a11y_tree.py [repeats]
"""
import concurrent.futures
import json
import sys
import time
import xml.etree.ElementTree as ET

import pyatspi

NS = "https://accessibility.ubuntu.example.org/ns/"
MAX_DEPTH, MAX_WIDTH = 50, 1024


def node_xml(node, depth, flag, count):
    count[0] += 1
    attributes = {"name": node.name}
    states = node.getState().get_states()
    for state in states:
        name = pyatspi.StateType._enum_lookup[state].split("_", 1)[1].lower()
        if name:
            attributes["{%sstate}%s" % (NS, name)] = "true"
    for key, value in node.get_attributes().items():
        if key:
            attributes["{%sattributes}%s" % (NS, key)] = value
    if attributes.get("{%sstate}visible" % NS) == "true" and attributes.get("{%sstate}showing" % NS) == "true":
        try:
            box = node.queryComponent().getExtents(pyatspi.XY_SCREEN)
            attributes["{%scomponent}screencoord" % NS] = str(tuple(box[0:2]))
            attributes["{%scomponent}size" % NS] = str(tuple(box[2:]))
        except NotImplementedError:
            pass
    text = ""
    try:
        text_object = node.queryText()
        text = text_object.getText(0, text_object.characterCount).replace("\ufffc", "").replace("\ufffd", "")
    except NotImplementedError:
        pass
    for probe, key in ((node.queryImage, "image"), (node.querySelection, "selection")):
        try:
            probe()
            attributes[key] = "true"
        except NotImplementedError:
            pass
    try:
        value = node.queryValue()
        for key, read in (("value", lambda: value.currentValue), ("min", lambda: value.minimumValue),
                          ("max", lambda: value.maximumValue), ("step", lambda: value.minimumIncrement)):
            try:
                attributes["{%svalue}%s" % (NS, key)] = str(read())
            except Exception:
                pass
    except NotImplementedError:
        pass
    try:
        action = node.queryAction()
        for index in range(action.nActions):
            name = action.getName(index).replace(" ", "-")
            attributes["{%saction}%s_desc" % (NS, name)] = action.getDescription(index)
            attributes["{%saction}%s_kb" % (NS, name)] = action.getKeyBinding(index)
    except NotImplementedError:
        pass
    role = node.getRoleName().strip()
    if not flag and role == "document spreadsheet":
        flag = "calc"
    element = ET.Element((role or "unknown").replace(" ", "-"), attributes)
    if text:
        element.text = text
    if depth == MAX_DEPTH:
        return element
    if flag == "calc" and role == "table":
        # The showing cells, scanned row by row from the first showing one (columns 16,384 wide).
        columns, base, first_column = 16384, 0, None
        for row in range(1048576):
            column = first_column or 0
            while column < columns:
                cell = node[base + column]
                if cell.getState().contains(pyatspi.STATE_SHOWING):
                    element.append(node_xml(cell, depth + 1, flag, count))
                    if first_column is None:
                        first_column = column
                elif first_column is not None or column >= 500:
                    break
                column += 1
            if first_column is not None and column == first_column or first_column is None and row >= 500:
                break
            base += columns
        return element
    try:
        for index, child in enumerate(node):
            if index == MAX_WIDTH:
                break
            element.append(node_xml(child, depth + 1, flag, count))
    except Exception:
        pass
    return element


def read_tree():
    desktop = pyatspi.Registry.getDesktop(0)
    root = ET.Element("desktop-frame")
    count = [0]
    with concurrent.futures.ThreadPoolExecutor() as pool:
        for future in [pool.submit(node_xml, app, 1, None, count) for app in desktop]:
            root.append(future.result())
    return ET.tostring(root, encoding="unicode"), count[0]


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    for _ in range(repeats):
        began = time.perf_counter()
        text, nodes = read_tree()
        print(json.dumps({"nodes": nodes, "seconds": time.perf_counter() - began, "bytes": len(text)}), flush=True)


if __name__ == "__main__":
    main()
