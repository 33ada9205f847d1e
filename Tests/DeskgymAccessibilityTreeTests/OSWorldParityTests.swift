import DeskgymCore
import DeskgymImage
import Foundation
import Testing

@testable import DeskgymAccessibilityTree

/// Our XML fed to OSWorld's own Python: its `linearize_accessibility_tree` must give our table
/// byte for byte, and its `tag_screenshot` our mark table and boxes.
///
/// OSWorld's files come from the local mirror of its repository (git, no work tree), extracted
/// at test time; nothing of OSWorld is copied here. When python3 or the mirror is missing the
/// test passes without checking, unless DESKGYM_REQUIRE_OSWORLD=1 asks for it, in which case
/// the absence is recorded as an issue.
@Suite struct OSWorldParityTests {
    static let python = "/usr/bin/python3"
    static let git = "/usr/bin/git"
    /// The mirror's git directory; DESKGYM_OSWORLD_GIT_DIR points elsewhere.
    static var mirror: String {
        ProcessInfo.processInfo.environment["DESKGYM_OSWORLD_GIT_DIR"] ?? "/work/.mirror/ljxpython+OSWorldUse/repo"
    }

    /// The driver run with OSWorld's files on its path. OSWorld's agent.py imports model clients
    /// and helpers at module level that neither function uses; fake modules put in sys.modules
    /// before the import stand in for them, so the real file imports unchanged. PIL is real when
    /// installed (tag_screenshot draws with it) and faked otherwise (then only the table runs).
    static let driver = #"""
        import json, sys, types

        class Anything:
            def __init__(self, *args, **kwargs): pass
            def __call__(self, *args, **kwargs): return Anything()
            def __getattr__(self, name): return Anything()

        def fake(name):
            module = types.ModuleType(name)
            module.__getattr__ = lambda attribute: Anything()
            sys.modules[name] = module

        for name in ["dotenv", "backoff", "dashscope", "google", "google.generativeai", "google.api_core",
                     "google.api_core.exceptions", "openai", "requests", "requests.exceptions", "tiktoken", "groq",
                     "mm_agents.prompts"]:
            fake(name)
        try:
            import PIL.Image, PIL.ImageDraw, PIL.ImageFont
            have_pil = True
        except ImportError:
            have_pil = False
            for name in ["PIL", "PIL.Image", "PIL.ImageDraw", "PIL.ImageFont"]:
                fake(name)

        root, xml_path, table_path, png_path, marks_path = sys.argv[1:6]
        sys.path.insert(0, root)
        from mm_agents.agent import linearize_accessibility_tree, tag_screenshot

        with open(xml_path, "rb") as f:
            xml = f.read().decode("utf-8")
        with open(table_path, "wb") as f:
            f.write(linearize_accessibility_tree(xml, platform="ubuntu").encode("utf-8"))
        if have_pil:
            with open(png_path, "rb") as f:
                png = f.read()
            marks, _, _, table = tag_screenshot(png, xml, platform="ubuntu")
            with open(marks_path, "wb") as f:
                f.write(json.dumps({"marks": marks, "table": table}).encode("utf-8"))
        """#

    @Test func osworldsOwnPythonReadsOurXMLAsWeDo() throws {
        let required = ProcessInfo.processInfo.environment["DESKGYM_REQUIRE_OSWORLD"] == "1"
        let files = FileManager.default
        guard files.isExecutableFile(atPath: Self.python) else {
            if required { Issue.record("\(Self.python) is missing") }
            return
        }
        let root = files.temporaryDirectory.appendingPathComponent("deskgym-osworld-\(UUID().uuidString)")
        defer { try? files.removeItem(at: root) }
        let package = root.appendingPathComponent("mm_agents/accessibility_tree_wrap")
        try files.createDirectory(at: package, withIntermediateDirectories: true)
        for path in ["mm_agents/agent.py", "mm_agents/accessibility_tree_wrap/heuristic_retrieve.py"] {
            guard let source = try Self.osworldFile(path) else {
                if required {
                    Issue.record("\(path) is neither in an installed desktop-env (PyPI) nor in the mirror \(Self.mirror)")
                }
                return
            }
            try source.write(to: root.appendingPathComponent(path))
        }
        for path in ["mm_agents/__init__.py", "mm_agents/accessibility_tree_wrap/__init__.py"] {
            try Data().write(to: root.appendingPathComponent(path))
        }

        let (tree, screen) = ParityFixture.scene()
        let marks = SetOfMarks(tree: tree, screenshot: screen)
        let xmlURL = root.appendingPathComponent("tree.xml")
        let tableURL = root.appendingPathComponent("table.txt")
        let pngURL = root.appendingPathComponent("screen.png")
        let marksURL = root.appendingPathComponent("marks.json")
        let driverURL = root.appendingPathComponent("driver.py")
        try Data(tree.osworldXML().utf8).write(to: xmlURL)
        try screen.pngData().write(to: pngURL)
        try Data(Self.driver.utf8).write(to: driverURL)

        let result = try Self.run(
            Self.python, [driverURL.path, root.path, xmlURL.path, tableURL.path, pngURL.path, marksURL.path])
        try #require(result.status == 0, "\(result.error)")
        let theirs = try Data(contentsOf: tableURL)
        let ours = Data(tree.linearized().utf8)
        #expect(theirs == ours, "OSWorld:\n\(String(decoding: theirs, as: UTF8.self))\nours:\n\(tree.linearized())")
        // The scene keeps rows of several kinds; an empty table would prove little.
        #expect(tree.markableNodes().count >= 8)

        guard files.fileExists(atPath: marksURL.path) else { return }  // no PIL: tables only
        struct Marks: Decodable {
            var marks: [[Int]]
            var table: String
        }
        let theirMarks = try JSONDecoder().decode(Marks.self, from: Data(contentsOf: marksURL))
        #expect(Data(theirMarks.table.utf8) == Data(marks.table.utf8), "OSWorld:\n\(theirMarks.table)\nours:\n\(marks.table)")
        #expect(theirMarks.marks == marks.marks.map { [$0.bounds.x, $0.bounds.y, $0.bounds.width, $0.bounds.height] })
        #expect(marks.marks.count >= 5)
    }

    /// One of OSWorld's files: from PyPI's `desktop-env` when it is installed for the system
    /// python (scripts/setup.sh installs it without its dependencies), else from the mirror.
    static func osworldFile(_ path: String) throws -> Data? {
        let locate = try run(
            python, ["-c", "import importlib.util as u; s = u.find_spec('mm_agents'); print(s.submodule_search_locations[0] if s else '')"])
        let folder = String(decoding: locate.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if locate.status == 0, !folder.isEmpty {
            let installed = URL(fileURLWithPath: folder).deletingLastPathComponent().appendingPathComponent(path)
            if let data = try? Data(contentsOf: installed) { return data }
        }
        guard FileManager.default.isExecutableFile(atPath: git), FileManager.default.fileExists(atPath: mirror) else { return nil }
        let show = try run(git, ["-C", mirror, "show", "HEAD:" + path])
        return show.status == 0 ? show.output : nil
    }

    /// Runs `executable` to completion, its standard output and error going to files (no pipe
    /// to fill up and stall it); its status, output and error.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: Data, error: String) {
        let files = FileManager.default
        let outputURL = files.temporaryDirectory.appendingPathComponent("deskgym-run-\(UUID().uuidString).out")
        let errorURL = files.temporaryDirectory.appendingPathComponent("deskgym-run-\(UUID().uuidString).err")
        defer {
            try? files.removeItem(at: outputURL)
            try? files.removeItem(at: errorURL)
        }
        _ = files.createFile(atPath: outputURL.path, contents: nil)
        _ = files.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        try output.close()
        try error.close()
        return (
            process.terminationStatus, try Data(contentsOf: outputURL), String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)
        )
    }
}

/// A screen and its tree: rows of every kind OSWorld keeps, nodes it drops, and text that
/// tests its quoting, its XML escaping and the characters XML forbids.
enum ParityFixture {
    static func scene() -> (AccessibilityTree, DecodedImage) {
        let usable = ["enabled", "focusable", "sensitive", "showing", "visible"]
        var nodes: [AccessibilityNode] = [
            AccessibilityNode(
                depth: 1, parent: nil, role: "application", name: "gedit", attributes: [.init(name: "toolkit", value: "GTK")]),
            AccessibilityNode(
                depth: 2, parent: 0, role: "frame", name: "Untitled — gedit", states: ["active", "showing", "visible"],
                bounds: Rect(x: 0, y: 0, width: 400, height: 300)),
        ]
        func add(
            _ role: String, _ name: String, _ bounds: Rect?, states: [String] = usable, text: String? = nil,
            attributes: [AccessibilityNode.Attribute] = [], isImage: Bool = false, depth: Int = 3
        ) {
            nodes.append(
                AccessibilityNode(
                    depth: depth, parent: 1, role: role, name: name, description: "accessible description", states: states,
                    attributes: attributes, bounds: bounds, text: text,
                    value: role == "slider" ? .init(current: 0.25, minimum: 0, maximum: 100, step: 1e-5) : nil,
                    actions: [.init(name: "click", description: "Clicks <it>", keyBinding: "Return")], isImage: isImage))
        }
        add("push button", "Save", Rect(x: 10, y: 10, width: 60, height: 25), attributes: [.init(name: "class", value: "GtkButton")])
        add("push button", "Blank", Rect(x: 80, y: 10, width: 60, height: 25))  // a single colour: no mark
        add("menu item", "Open \"recent\" & <more>", Rect(x: 150, y: 10, width: 60, height: 25))
        add(
            "text", "", Rect(x: 10, y: 50, width: 200, height: 60), states: usable + ["editable", "multi_line"],
            text: "line one\nline \"two\"\r\n\ttabbed é 中\u{1}\u{FFFE}")
        add("label", "tab\there", Rect(x: 220, y: 50, width: 60, height: 20), text: "")
        add("image", "", Rect(x: 300, y: 50, width: 40, height: 40), isImage: true)  // marks only
        add("slider", "Volume", Rect(x: 10, y: 120, width: 100, height: 20))
        add("check box", "Wrap", Rect(x: 120, y: 120, width: 80, height: 20), states: ["checkable", "showing", "visible"])
        add("panel", "Not a control", Rect(x: 10, y: 150, width: 100, height: 40))
        add("push button", "Hidden", Rect(x: 10, y: 200, width: 60, height: 20), states: ["enabled", "visible"])
        add("push button", "Off left", Rect(x: -5, y: 200, width: 60, height: 20))
        add("push button", "Flat", Rect(x: 80, y: 200, width: 0, height: 20))
        add("entry", "Spills off", Rect(x: 360, y: 260, width: 100, height: 100))
        add("push button", "Far away", Rect(x: 900, y: 900, width: 30, height: 30))
        add("document frame", "Doc", Rect(x: 220, y: 120, width: 100, height: 60), text: "x")
        add("3d:view", "hostile role", Rect(x: 220, y: 200, width: 20, height: 20))
        add("push button menu", "Nested", Rect(x: 250, y: 200, width: 40, height: 20), depth: 4)
        add("table cell", "Cell\u{7}", Rect(x: 300, y: 200, width: 40, height: 20), attributes: [.init(name: "odd name", value: "v")])
        add("toggle button", "", Rect(x: 300, y: 240, width: 20, height: 20))  // no name, no text

        var screen = Screen.filled(width: 400, height: 300)
        // A dot in every box that should show something (not in "Blank", not in "Spills off":
        // it shows two colours anyway, white and the black PIL pads with).
        for node in nodes.dropFirst(2) where node.name != "Blank" {
            guard let bounds = node.bounds, bounds.x >= 0, bounds.width > 0, bounds.x + 5 < 400, bounds.y + 5 < 300,
                node.name != "Spills off"
            else { continue }
            screen = Screen.dot(screen, x: bounds.x + 5, y: bounds.y + 5)
        }
        return (AccessibilityTree(nodes: nodes), screen)
    }
}
