import DeskgymAccessibility
import DeskgymAccessibilityTree
import DeskgymCore
import DeskgymImage
import DeskgymSandbox
import Foundation
import Logging

/// `deskgym bench a11y`: full-tree reads of three desktops (mousepad with a file open, LibreOffice
/// Calc with a 200-row sheet, Chromium on a page of 300 links), beside OSWorld's method (pyatspi
/// object by object, `scripts/peers/osworld_a11y_tree.py`) on the same desktop in the same run;
/// the set-of-marks image on top; the bus's and registry's memory; session start with
/// accessibility on and off.
public struct AccessibilityBenchmark: Sendable {
    public var repetitions: Int
    public var peerRepetitions: Int
    /// The peer script; nil skips the peer.
    public var peerScript: URL?
    /// Whether to read the three desktops' trees, and whether to time session starts.
    public var trees: Bool
    public var start: Bool

    public init(repetitions: Int, peerRepetitions: Int, peerScript: URL?, trees: Bool = true, start: Bool = true) {
        self.trees = trees
        self.start = start
        self.repetitions = repetitions
        self.peerRepetitions = peerRepetitions
        self.peerScript = peerScript
    }

    /// One desktop to read.
    struct Scene {
        var name: String
        var app: VMConfig.App
        var env: [String: String] = [:]
        var files: [String: String]
        /// A node the tree must have once the app has drawn its content.
        var ready: @Sendable (AccessibilityTree) -> Bool
    }

    static let scenes: [Scene] = [
        Scene(
            name: "mousepad, a 200-line file open",
            app: .init(command: "mousepad", args: ["/home/user/notes.txt"], waitForWindow: "notes"),
            files: ["notes.txt": (1...200).map { "line \($0): the quick brown fox jumps over the lazy dog" }.joined(separator: "\n")],
            ready: { $0.nodes.contains { $0.role == "text" && ($0.text ?? "").hasPrefix("line 1:") } }),
        Scene(
            name: "LibreOffice Calc, a 200-row sheet",
            app: .init(command: "libreoffice", args: ["--calc", "--norestore", "/home/user/sheet.fods"], waitForWindow: "sheet"),
            env: ["SAL_USE_VCLPLUGIN": "gtk3"],
            files: ["sheet.fods": flatSpreadsheet(rows: 200)],
            ready: { $0.nodes.contains { $0.role == "table cell" && $0.name == "A1" } }),
        Scene(
            name: "Chromium, a page of 300 links",
            app: .init(
                command: "chromium",
                args: [
                    "--no-sandbox", "--test-type", "--no-first-run", "--no-default-browser-check", "--password-store=basic",
                    "--disable-gpu", "--force-renderer-accessibility", "--force-device-scale-factor=1",
                    "file:///home/user/links.html",
                ], waitForWindow: "Links"),
            files: ["links.html": linksPage(count: 300)],
            ready: { $0.nodes.contains { $0.role == "link" && $0.name == "Link number 300" } }),
    ]

    public func run(logger: Logger, output: @Sendable (String) -> Void) async throws {
        if trees {
            for scene in Self.scenes { try await run(scene, logger: logger, output: output) }
        }
        if start { try await startCost(logger: logger, output: output) }
    }

    private func run(_ scene: Scene, logger: Logger, output: @Sendable (String) -> Void) async throws {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-bench-a11y-\(UUID())")
        try FileManager.default.createDirectory(at: template, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: template) }
        for (name, text) in scene.files { try Data(text.utf8).write(to: template.appendingPathComponent(name)) }
        let config = VMConfig(
            name: "bench-a11y", screen: .init(width: 1920, height: 1080, depth: 24), apps: [scene.app],
            homeTemplate: template.path, env: scene.env, source: "bench a11y")
        let session = try await DesktopSession.start(config: config, logger: logger)
        do {
            try await measure(scene, session: session, output: output)
        } catch {
            await session.stop()
            throw error
        }
        await session.stop()
    }

    private func measure(_ scene: Scene, session: DesktopSession, output: @Sendable (String) -> Void) async throws {
        output("## a11y: \(scene.name) (1920x1080, sandbox: namespaces), reps=\(repetitions)")
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        var tree = try await session.accessibilityTree()
        while !scene.ready(tree) {
            guard ContinuousClock.now < deadline else {
                throw BenchmarkError(benchmark: "a11y", message: "\(scene.name): the tree never showed the content within 60 s")
            }
            try await Task.sleep(for: .milliseconds(500))
            tree = try await session.accessibilityTree()
        }
        // Let the app finish what opening the document started.
        try await Task.sleep(for: .seconds(2))
        var ours = Sample()
        for _ in 0..<repetitions {
            let began = ContinuousClock.now
            tree = try await session.accessibilityTree()
            ours.append(ContinuousClock.now - began)
        }
        let cut = tree.truncated ? " (truncated: \(tree.truncation ?? ""))" : ""
        output("  deskgym full tree, \(tree.nodes.count) objects\(cut)   \(ours.summary)")
        var xml = Sample(), table = Sample(), marks = Sample()
        let screenshot = try PNGDecoder.decode(session.desktop.observe(cursor: false, scaledTo: nil).screenshot.png)
        var markCount = 0
        for _ in 0..<repetitions {
            var began = ContinuousClock.now
            let text = tree.osworldXML()
            xml.append(ContinuousClock.now - began)
            began = ContinuousClock.now
            _ = tree.linearized()
            table.append(ContinuousClock.now - began)
            began = ContinuousClock.now
            markCount = SetOfMarks(tree: tree, screenshot: screenshot).marks.count
            marks.append(ContinuousClock.now - began)
            _ = text.count
        }
        output("  deskgym OSWorld XML (\(tree.osworldXML().utf8.count) bytes)       \(xml.summary)")
        output("  deskgym linearized table                     \(table.summary)")
        output("  deskgym set-of-marks image, \(markCount) marks        \(marks.summary)")
        if let peerScript, let address = session.accessibilityBusAddress {
            let peer = try runPeer(peerScript, address: address)
            output("  peer OSWorld (pyatspi, object by object)\(peer.nodes.map { ", \($0) objects" } ?? "")   \(peer.sample.summary)")
            if peer.sample.milliseconds.isEmpty { output("#   peer: \(peer.note)") }
            let ratio = peer.sample.median / ours.median
            if ratio.isFinite { output("#   deskgym is \(String(format: "%.1f", ratio))x faster than the peer (medians)") }
        }
        let busPIDs = session.processes.filter { $0.name == "dbus-daemon" || $0.name == "at-spi2-registryd" }.flatMap {
            $0.groupMembers()
        }
        let busKiB = MemoryProbe.proportionalSetKiB(of: busPIDs)
        output("  bus + registry PSS: \(String(format: "%.1f", Double(busKiB) / 1024)) MiB (\(busPIDs.count) processes)")
    }

    private func runPeer(_ script: URL, address: String) throws -> (sample: Sample, nodes: Int?, note: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["AT_SPI_BUS_ADDRESS"] = address
        let result = try PeerRunner.run("/usr/bin/python3", [script.path, "\(peerRepetitions)"], environment: environment)
        var sample = Sample()
        var nodes: Int?
        struct Line: Decodable {
            var nodes: Int
            var seconds: Double
        }
        for line in result.output.split(separator: "\n") {
            guard let parsed = try? JSONDecoder().decode(Line.self, from: Data(line.utf8)) else { continue }
            sample.milliseconds.append(parsed.seconds * 1000)
            nodes = parsed.nodes
        }
        return (sample, nodes, String(result.output.suffix(300)))
    }

    /// Session start to ready (Xvfb, openbox, xterm) with accessibility off and on.
    private func startCost(logger: Logger, output: @Sendable (String) -> Void) async throws {
        output("## a11y: session start to ready, xterm, 1920x1080, sandbox: namespaces, reps=\(repetitions)")
        // Off and on alternate, so that a busy moment of the machine weighs on both alike.
        var samples = [false: Sample(), true: Sample()]
        for index in 0..<(2 * repetitions + 2) {
            let accessibility = index % 2 == 1
            let config = VMConfig(
                name: "bench-a11y-start", screen: .init(width: 1920, height: 1080, depth: 24), accessibility: accessibility,
                apps: [.init(command: "xterm", waitForWindow: "xterm")], source: "bench a11y")
            let began = ContinuousClock.now
            let session = try await DesktopSession.start(config: config, logger: logger)
            let ready = ContinuousClock.now
            await session.stop()
            if index > 1 { samples[accessibility]?.append(ready - began) }
        }
        output("  accessibility off                             \(samples[false]?.summary ?? "")")
        output("  accessibility on                              \(samples[true]?.summary ?? "")")
    }

    /// A flat OpenDocument spreadsheet (LibreOffice opens it without an import dialog) of `rows`
    /// rows: a name, a quantity, a price and their product.
    static func flatSpreadsheet(rows: Int) -> String {
        var body =
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Name</text:p></table:table-cell>"
            + "<table:table-cell office:value-type=\"string\"><text:p>Qty</text:p></table:table-cell>"
            + "<table:table-cell office:value-type=\"string\"><text:p>Price</text:p></table:table-cell></table:table-row>"
        for row in 1...rows {
            body +=
                "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Item \(row)</text:p></table:table-cell>"
                + "<table:table-cell office:value-type=\"float\" office:value=\"\(row)\"><text:p>\(row)</text:p></table:table-cell>"
                + "<table:table-cell office:value-type=\"float\" office:value=\"\(Double(row) * 1.5)\"><text:p>\(Double(row) * 1.5)</text:p></table:table-cell></table:table-row>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
            xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" \
            office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
            <office:body><office:spreadsheet><table:table table:name="Sheet1">\(body)</table:table></office:spreadsheet></office:body>
            </office:document>
            """
    }

    /// A page with a heading, a button and `count` links.
    static func linksPage(count: Int) -> String {
        let links = (1...count).map { "<li><a href=\"#l\($0)\">Link number \($0)</a></li>" }.joined()
        return "<html><head><title>Links</title></head><body><h1>Links</h1><button>Press me</button><ul>\(links)</ul></body></html>"
    }
}
