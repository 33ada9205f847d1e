import ArgumentParser
import DeskgymAccessibility
import DeskgymAccessibilityTree
import Foundation

struct TreeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree",
        abstract: "Print a desktop's accessibility tree.")

    @Option(help: "The accessibility bus's address (unix:path=…).")
    var bus: String

    @Option(help: "Objects read at most.")
    var maxNodes = 20_000

    @Option(help: "Seconds a read may take at most.")
    var timeLimit = 5.0

    @Option(help: "Calls in flight at once.")
    var inFlight = 128

    func run() async throws {
        let reader = AccessibilityReader(
            limits: .init(nodes: maxNodes, time: .milliseconds(Int(timeLimit * 1000)), inFlight: inFlight))
        let began = ContinuousClock.now
        let tree = try await reader.read(busAddress: bus)
        let took = ContinuousClock.now - began
        for node in tree.nodes {
            let bounds = node.bounds.map { " \($0)" } ?? ""
            let text = node.text.map { " text=\($0.prefix(40).debugDescription)" } ?? ""
            print(String(repeating: "  ", count: node.depth - 1) + "\(node.role) \(node.name.debugDescription)\(bounds)\(text)")
        }
        FileHandle.standardError.write(
            Data("\(tree.nodes.count) nodes in \(took)\(tree.truncated ? ", truncated: \(tree.truncation ?? "")" : "")\n".utf8))
    }
}
