import ArgumentParser
import DeskgymAccessibility
import DeskgymAccessibilityTree
import DeskgymSandbox
import DeskgymX11
import Foundation

struct TreeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree",
        abstract: "Print the accessibility tree of a session's desktop.",
        discussion: """
            The session is named by its display (its Xvfb's root window holds its accessibility \
            bus's address) or by the bus's address itself. Formats: xml (OSWorld's /accessibility \
            answer), table (OSWorld's linearized table, as its a11y prompts show it), outline \
            (indented roles and names, for people). What a read reached a cap on is said on \
            standard error; the tree printed is what was read.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case xml, table, outline
    }

    @Option(help: "The session's X display, such as :12.")
    var display: String?
    @Option(help: "The display's Xauthority file (a session's Xvfb takes only its cookie); default: $XAUTHORITY.")
    var xauthority: String?
    @Option(help: "The accessibility bus's address (unix:path=…), instead of --display.")
    var bus: String?
    @Option(help: "xml, table or outline.")
    var format: Format = .outline
    @Option(help: "Objects read at most.")
    var maxNodes = 20_000
    @Option(help: "Seconds a read may take at most.")
    var timeLimit = 5.0

    func validate() throws {
        guard (display == nil) != (bus == nil) else { throw ValidationError("give either --display or --bus") }
        guard maxNodes > 0, maxNodes <= 1_000_000 else { throw ValidationError("--max-nodes must be 1 to 1,000,000, not \(maxNodes)") }
        guard timeLimit > 0, timeLimit <= 600 else { throw ValidationError("--time-limit must be above 0 and at most 600 s") }
    }

    func run() async throws {
        let address: String
        if let bus {
            address = bus
        } else {
            if let xauthority { setenv("XAUTHORITY", xauthority, 1) }
            let desktop = try X11Desktop(displayName: display ?? "")
            guard let found = try desktop.rootProperty(DesktopSession.accessibilityBusProperty) else {
                throw ValidationError(
                    "display \(display ?? "") has no accessibility bus (not a Deskgym session, or one with accessibility: false)")
            }
            address = found
        }
        let reader = AccessibilityReader(limits: .init(nodes: maxNodes, time: .milliseconds(Int(timeLimit * 1000))))
        let began = ContinuousClock.now
        let tree = try await reader.read(busAddress: address)
        let took = ContinuousClock.now - began
        switch format {
        case .xml: print(tree.osworldXML())
        case .table: print(tree.linearized())
        case .outline:
            if tree.isEmpty { print("(no application on this screen exposes an accessibility tree)") }
            for node in tree.nodes {
                let bounds = node.bounds.map { " \($0)" } ?? ""
                let text = node.text.map { $0.isEmpty ? "" : " text=\($0.prefix(60).debugDescription)" } ?? ""
                print(String(repeating: "  ", count: node.depth - 1) + "\(node.role) \(node.name.debugDescription)\(bounds)\(text)")
            }
        }
        let note = tree.truncated ? "; truncated: \(tree.truncation ?? "a cap was reached")" : ""
        FileHandle.standardError.write(Data("\(tree.nodes.count) objects in \(Int(took.milliseconds)) ms\(note)\n".utf8))
    }
}
