import DeskgymAccessibility
import DeskgymAccessibilityTree
import DeskgymActions
import DeskgymCore
import DeskgymImage
import DeskgymSandbox
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
            // The bus lives in the session's sandbox, where the agent's commands can end it; the
            // desktop still works, so the session goes on (as observations say accessibility_error).
            throw APIError(status: 503, code: "accessibility_error", message: "\(error)")
        } catch {
            throw APIError(status: 503, code: "accessibility_error", message: "\(error)")
        }
        let took = ContinuousClock.now - began
        return AccessibilityPayload(
            format: format, tree: format == "xml" ? tree.osworldXML() : tree.linearized(), objects: tree.nodes.count,
            truncated: tree.truncated, truncation: tree.truncation, readMilliseconds: took.milliseconds)
    }
}

extension ServedSession {
    /// Adds the tree, and for `som` the marks and the marked screenshot, to `payload`. A tree that
    /// cannot be read is said in `accessibility_error`; the step stands (the agent did nothing wrong).
    func addAccessibility(
        to payload: inout ObservationPayload, observation: Observation, image: ImageMode, desktop: DesktopSession, marks drawn: Bool
    ) async {
        let tree: AccessibilityTree
        do {
            tree = try await desktop.accessibilityTree()
        } catch {
            payload.accessibilityError = "\(error)"
            return
        }
        payload.accessibilityTree = tree.osworldXML()
        payload.accessibilityTruncation = tree.truncation
        guard drawn else { return }
        do {
            // The marks are drawn on the full-size screen and scaled with it, as OSWorld's
            // down-sampling does, so their numbers stay legible: the observation's own frame when
            // it is full size, a full-size capture only when it was scaled.
            let fullPNG =
                observationSize == nil
                ? observation.screenshot.png : try desktop.desktop.observe(cursor: false, scaledTo: nil).screenshot.png
            let full = try PNGDecoder.decode(fullPNG)
            let ratio = Double(observation.screenshot.size.width) / Double(max(1, full.width))
            let marks = SetOfMarks(tree: tree, screenshot: full, downSampling: ratio)
            payload.marks = marks.marks.map {
                .init(
                    mark: $0.number, tag: $0.tag, name: $0.name, text: $0.text,
                    bounds: [$0.bounds.x, $0.bounds.y, $0.bounds.width, $0.bounds.height])
            }
            payload.marksTable = marks.table
            markCentres = Dictionary(marks.marks.map { ($0.number, $0.box.center) }) { first, _ in first }
            if image == .base64 { payload.screenshotPNG = try marks.image.pngData() }
        } catch {
            payload.accessibilityError = "set-of-marks: \(error)"
        }
    }
}
