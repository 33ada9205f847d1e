import DeskgymAccessibility
import DeskgymAccessibilityTree
import Foundation

/// `GET /sessions/{id}/accessibility`: the session's accessibility tree in one of OSWorld's formats.
struct AccessibilityPayload: Encodable, Sendable {
    /// `xml` (OSWorld's `/accessibility` answer) or `table` (its linearized table).
    var format: String
    /// The tree in that format.
    var tree: String
    /// Objects read.
    var objects: Int
    /// Whether the read stopped at a cap, and which.
    var truncated: Bool
    var truncation: String?
    /// How long the read took.
    var readMilliseconds: Double

    enum CodingKeys: String, CodingKey {
        case format, tree, objects, truncated, truncation
        case readMilliseconds = "read_ms"
    }

    /// The formats a client may ask for.
    static let formats = ["xml", "table"]
}

extension ServedSession {
    /// The desktop's accessibility tree, written in `format` (one of ``AccessibilityPayload/formats``).
    func accessibility(format: String) async throws(APIError) -> AccessibilityPayload {
        try await enter()
        defer { leave() }
        let desktop = try requireDesktop()
        let began = ContinuousClock.now
        let tree: AccessibilityTree
        do {
            tree = try await desktop.accessibilityTree()
        } catch let error as AccessibilityError {
            if case .noBus = error.kind {
                throw APIError(status: 409, code: "no_accessibility", message: "\(error)")
            }
            throw await environmentFailure("accessibility tree", error)
        } catch {
            throw await environmentFailure("accessibility tree", error)
        }
        let took = ContinuousClock.now - began
        return AccessibilityPayload(
            format: format, tree: format == "xml" ? tree.osworldXML() : tree.linearized(), objects: tree.nodes.count,
            truncated: tree.truncated, truncation: tree.truncation, readMilliseconds: took.milliseconds)
    }
}
