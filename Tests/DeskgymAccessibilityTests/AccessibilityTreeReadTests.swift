import DeskgymAccessibility
import DeskgymAccessibilityTree
import DeskgymSandbox
import DeskgymTestSupport
import Foundation
import Logging
import Testing

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.accessibility")
    logger.logLevel = .warning
    return logger
}()

/// A read that a loaded machine (many sessions starting at once) does not cut short: the default
/// 5 s limit can cut a Calc read short there, leaving cells without their text and bounds.
private let patient = AccessibilityReader.Limits(time: .seconds(60))

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// Starts a session with `apps`, runs `body`, stops the session whatever happens.
private func withSession(
    apps: [VMConfig.App], accessibility: Bool = true, home: [String: String] = [:], env: [String: String] = [:],
    _ body: (DesktopSession) async throws -> Void
) async throws {
    let template = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-a11y-home-\(UUID())")
    try FileManager.default.createDirectory(at: template, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: template) }
    for (name, text) in home { try text.write(to: template.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    let config = VMConfig(
        screen: .init(width: 1280, height: 800, depth: 24), accessibility: accessibility, apps: apps, homeTemplate: template.path,
        env: env, source: "test")
    let session = try await DesktopSession.start(config: config, logger: logger)
    do {
        try await body(session)
    } catch {
        await session.stop()
        throw error
    }
    await session.stop()
}

/// Starts the hostile app of Fixtures inside `session` and waits until it is in the tree.
private func startHostileApp(in session: DesktopSession, arguments: [String]) async throws {
    let script = session.home.appendingPathComponent("hostile_atspi_app.py")
    try FileManager.default.copyItem(at: fixtures.appendingPathComponent("hostile_atspi_app.py"), to: script)
    try session.launch("/usr/bin/python3", arguments: [session.programHome + "/hostile_atspi_app.py"] + arguments, name: "hostile")
    let registered = await eventually(within: .seconds(30)) {
        let tree = try? await session.accessibilityTree(limits: .init(nodes: 5, time: .seconds(5)))
        return tree?.nodes.contains { $0.depth == 1 && $0.role == "application" } == true
    }
    try #require(registered, "the hostile app never registered with the session's registry")
}

@Suite("Accessibility trees of real apps", .serialized, .timeLimit(.minutes(3)))
struct AccessibilityTreeReadTests {
    @Test("mousepad's tree has its window, menus and menu items, with bounds for what shows")
    func mousepadTree() async throws {
        try await withSession(apps: [.init(command: "mousepad", waitForWindow: "mousepad")]) { session in
            let tree = try await session.accessibilityTree(limits: patient)
            #expect(!tree.truncated, "\(tree.truncation ?? "")")
            let application = try #require(tree.nodes.first)
            #expect(application.role == "application" && application.name == "mousepad")
            let frame = try #require(tree.nodes.first { $0.role == "frame" })
            #expect(frame.name.contains("Mousepad"))
            #expect(frame.bounds.map { $0.width > 100 && $0.height > 100 } == true)
            let menus = Set(tree.nodes.filter { $0.role == "menu" }.map(\.name))
            #expect(menus.isSuperset(of: ["File", "Edit", "Search", "View", "Document", "Help"]), "\(menus)")
            let items = tree.nodes.filter { $0.role == "menu item" }.map { $0.name.trimmingCharacters(in: .whitespaces) }
            for expected in ["New", "Open...", "Save", "Quit", "Find", "Find and Replace..."] {
                #expect(items.contains(expected), "no menu item \(expected) among \(items.prefix(40))")
            }
            // Pre-order: every node's parent comes before it, one level up.
            for (index, node) in tree.nodes.enumerated() {
                if let parent = node.parent {
                    #expect(parent < index && tree.nodes[parent].depth == node.depth - 1)
                } else {
                    #expect(node.depth == 1)
                }
            }
        }
    }

    @Test("a screen with only xterm has an empty tree, not an error")
    func xtermHasNoTree() async throws {
        try await withSession(apps: [.init(command: "xterm", waitForWindow: "xterm")]) { session in
            let tree = try await session.accessibilityTree(limits: patient)
            #expect(tree.isEmpty && !tree.truncated)
        }
    }

    @Test("a session with accessibility off has no bus, and its apps run without the bridge")
    func accessibilityOff() async throws {
        try await withSession(apps: [], accessibility: false) { session in
            #expect(session.accessibilityBusAddress == nil)
            #expect(session.environment["NO_AT_BRIDGE"] == "1")
            await #expect(throws: AccessibilityError.self) { try await session.accessibilityTree() }
        }
    }

    @Test("Chromium's tree names a local page's button, heading and links")
    func chromiumPage() async throws {
        let links = (1...30).map { "<li><a href=\"#l\($0)\">Link number \($0)</a></li>" }.joined()
        let page =
            "<html><head><title>Links page</title></head><body><h1>Thirty links</h1><button>Press me</button><ul>\(links)</ul></body></html>"
        try await withSession(
            apps: [
                .init(
                    command: "chromium",
                    args: [
                        "--no-sandbox", "--test-type", "--no-first-run", "--no-default-browser-check", "--password-store=basic",
                        "--disable-gpu", "--force-renderer-accessibility", "file:///home/user/page.html",
                    ], waitForWindow: "Links page")
            ], home: ["page.html": page]
        ) { session in
            let found = await eventually(within: .seconds(30)) {
                let tree = try? await session.accessibilityTree(limits: patient)
                return tree?.nodes.contains { $0.role == "link" && $0.name == "Link number 30" } == true
            }
            #expect(found, "the page's last link never showed in the tree")
            let tree = try await session.accessibilityTree(limits: patient)
            #expect(!tree.truncated, "\(tree.truncation ?? "")")
            #expect(tree.nodes.contains { $0.role == "push button" && $0.name == "Press me" })
            #expect(tree.nodes.contains { $0.role == "heading" && $0.name == "Thirty links" })
            #expect(tree.nodes.filter { $0.role == "link" && $0.name.hasPrefix("Link number ") }.count == 30)
            #expect(tree.nodes.contains { $0.role == "document web" })
            // Reading twice does not hurt the browser (a GetAll of its Value interface would abort it).
            #expect(session.processes.allSatisfy { $0.isRunning })
        }
    }

    @Test("Calc's tree (GTK3 front end) names the sheet's visible cells with their text, and the toolbar buttons")
    func calcSheet() async throws {
        let rows = (1...60).map {
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Item \($0)</text:p></table:table-cell></table:table-row>"
        }
        let sheet = """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
            xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" \
            office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
            <office:body><office:spreadsheet><table:table table:name="Stock">\(rows.joined())</table:table></office:spreadsheet></office:body>
            </office:document>
            """
        try await withSession(
            apps: [.init(command: "libreoffice", args: ["--calc", "--norestore", "/home/user/stock.fods"], waitForWindow: "stock")],
            home: ["stock.fods": sheet], env: ["SAL_USE_VCLPLUGIN": "gtk3"]
        ) { session in
            var tree = AccessibilityTree()
            let found = await eventually(within: .seconds(60), every: .milliseconds(500)) {
                tree = (try? await session.accessibilityTree(limits: patient)) ?? AccessibilityTree()
                // The toolbars are filled in after the sheet shows.
                return tree.nodes.contains { $0.role == "table cell" && $0.name == "A1" }
                    && tree.nodes.contains { $0.role == "toggle button" && $0.name == "Bold" }
            }
            try #require(found, "the sheet's cells and the Bold button never showed in the tree")
            #expect(!tree.truncated, "\(tree.truncation ?? "")")
            #expect(tree.nodes.contains { $0.role == "document spreadsheet" })
            let cells = tree.nodes.filter { $0.role == "table cell" }
            #expect(cells.contains { $0.name == "A1" && $0.text == "Item 1" })
            #expect(cells.contains { $0.name == "A10" && $0.text == "Item 10" })
            // Only the cells on screen: not the sheet's millions, and each with its bounds.
            #expect(cells.count > 100 && cells.count < 5_000)
            #expect(cells.allSatisfy { $0.bounds != nil && $0.has("showing") })
            let buttons = Set(tree.nodes.filter { $0.role == "push button" || $0.role == "toggle button" }.map(\.name))
            let roles = Dictionary(grouping: tree.nodes, by: \.role).mapValues(\.count)
            #expect(buttons.contains("Save"), "\(buttons.sorted().prefix(40)) \(roles) \(tree.nodes.count)")
            #expect(buttons.contains("Bold"), "\(buttons.sorted().prefix(40))")
        }
    }

    @Test("a hostile app with an endless tree is cut at the node cap, and one with a chain at the depth cap")
    func hostileTreeHitsCaps() async throws {
        try await withSession(apps: []) { session in
            try await startHostileApp(in: session, arguments: ["20"])
            let tree = try await session.accessibilityTree(limits: .init(nodes: 5_000, time: .seconds(60)))
            #expect(tree.truncated)
            #expect(tree.truncation == "node cap 5000")
            #expect(tree.nodes.count <= 5_000 && tree.nodes.count > 4_000)
            let names = Set(tree.nodes.map(\.name))
            #expect(names.count == tree.nodes.count, "an object was read twice")
        }
        try await withSession(apps: []) { session in
            try await startHostileApp(in: session, arguments: ["1"])
            let tree = try await session.accessibilityTree(limits: .init(depth: 30, time: .seconds(60)))
            #expect(tree.truncation == "depth cap 30")
            #expect(tree.nodes.map(\.depth).max() == 30)
        }
    }

    @Test("a slow app is cut at the time limit, and huge names are cut to the string cap")
    func slowAndHugeApp() async throws {
        try await withSession(apps: []) { session in
            try await startHostileApp(in: session, arguments: ["3", "0.02", "100000"])
            let began = ContinuousClock.now
            let tree = try await session.accessibilityTree(limits: .init(time: .seconds(2)))
            let took = ContinuousClock.now - began
            #expect(tree.truncation == "time limit 2.0 seconds")
            // Not a speed figure: a read that ignored its limit would run for minutes.
            #expect(took < .seconds(30))
            #expect(!tree.nodes.isEmpty)
            #expect(tree.nodes.allSatisfy { $0.name.count <= 4_096 })
        }
    }
}
