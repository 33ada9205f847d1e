import Foundation

/// A program a metric needs is missing or would not start: an error of the machine Deskgym runs
/// on, not of the agent's result, so the metric throws it rather than scoring 0.
struct ExternalToolProblem: Error, Sendable, CustomStringConvertible {
    var tool: ExternalTool
    var message: String

    var description: String { "\(tool.name) \(message)" }
}
