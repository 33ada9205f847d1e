import DeskgymCore
import Foundation

/// Draws a step's actions as SVG over the screenshot the agent saw before it: circles where it
/// clicked (with button and count), lines with an arrow for drags (from where the pointer was),
/// arrows for scrolls, and captions for what has no place on the screen (typed text, keys, waits,
/// DONE and FAIL).
///
/// Coordinates are screen pixels: the SVG's `viewBox` is the screenshot's size, so the drawing
/// scales with the image.
struct ActionOverlay {
    /// The screenshot's size.
    var size: Size
    /// Where the pointer was before the step, when known; moved by each action drawn.
    var pointer: Point?

    private var elements: [String] = []
    private var captions: [String] = []

    init(size: Size, pointer: Point?) {
        self.size = size
        self.pointer = pointer
    }

    /// Line widths, radii and font sizes grow with the screenshot so they stay visible when a
    /// 1080p frame is shown shrunk.
    private var unit: Double { max(1, Double(max(size.width, size.height)) / 640) }
    private var radius: Int { Int((9 * unit).rounded()) }
    private var fontSize: Int { Int((11 * unit).rounded()) }

    /// The SVG for `actions`; `id` must be unique in the page (it prefixes the arrow markers' ids).
    mutating func svg(for actions: [Action], id: String) -> String {
        elements = []
        captions = []
        let numbered = actions.count > 1
        for (index, action) in actions.enumerated() {
            draw(action, prefix: numbered ? "\(index + 1): " : "", markers: id)
        }
        let stroke = String(format: "%.1f", 2 * unit)
        var svg = """
            <svg class="overlay" viewBox="0 0 \(size.width) \(size.height)" preserveAspectRatio="none" \
            xmlns="http://www.w3.org/2000/svg" style="--stroke:\(stroke)px">\
            <defs>\(["drag", "scroll"].map { kind in
                "<marker id=\"\(id)-\(kind)\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"5\" markerHeight=\"5\" "
                    + "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead \(kind)\"/></marker>"
            }.joined())</defs>
            """
        svg += elements.joined()
        if !captions.isEmpty {
            let lineHeight = fontSize + Int(6 * unit)
            let top = size.height - lineHeight * captions.count - Int(4 * unit)
            let width = min(size.width, (captions.map(\.count).max() ?? 0) * fontSize * 6 / 10 + Int(12 * unit))
            svg +=
                "<g class=\"captions\"><rect class=\"caption-box\" x=\"0\" y=\"\(top)\" width=\"\(width)\" "
                + "height=\"\(size.height - top)\"/>"
            for (index, caption) in captions.enumerated() {
                let y = top + lineHeight * (index + 1) - Int(3 * unit)
                svg +=
                    "<text class=\"caption\" x=\"\(Int(6 * unit))\" y=\"\(y)\" font-size=\"\(fontSize)\">"
                    + HTML.escape(caption) + "</text>"
            }
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    private mutating func draw(_ action: Action, prefix: String, markers: String) {
        switch action {
        case .click(let button, let point, let count):
            mark(point, kind: "click", label: "\(button.rawValue) ×\(count)", prefix: prefix)
        case .rightClick(let point):
            mark(point, kind: "click", label: "right ×1", prefix: prefix)
        case .doubleClick(let point):
            mark(point, kind: "click", label: "left ×2", prefix: prefix)
        case .mouseDown(let button, let point):
            mark(point, kind: "press", label: "\(button.rawValue) down", prefix: prefix)
        case .mouseUp(let button, let point):
            mark(point, kind: "release", label: "\(button.rawValue) up", prefix: prefix)
        case .moveTo(let point):
            if let from = pointer {
                elements.append(line(from, point, kind: "path", marker: nil))
            }
            mark(point, kind: "move", label: "move", prefix: prefix)
        case .dragTo(let point, let button):
            if let from = pointer {
                elements.append(line(from, point, kind: "drag", marker: "\(markers)-drag"))
                mark(point, kind: "drop", label: "drag \(button.rawValue)", prefix: prefix)
            } else {
                mark(point, kind: "drop", label: "drag \(button.rawValue) (start unknown)", prefix: prefix)
            }
        case .scroll(let dx, let dy, let point):
            let at = point ?? pointer
            let text =
                "scroll" + (dy != 0 ? " \(dy > 0 ? "up" : "down") \(abs(dy))" : "")
                + (dx != 0 ? " \(dx > 0 ? "right" : "left") \(abs(dx))" : "")
            guard let at else {
                captions.append(prefix + text + " (pointer unknown)")
                return
            }
            pointer = at
            // Longer for more wheel clicks: three radii, up to eight.
            let length = Double(radius) * max(3, min(8, Double(max(abs(dx), abs(dy))) / 2 + 2))
            let norm = max(1, (Double(dx * dx + dy * dy)).squareRoot())
            let end = Point(x: at.x + Int(Double(dx) / norm * length), y: at.y - Int(Double(dy) / norm * length))
            elements.append(line(at, end, kind: "scroll", marker: "\(markers)-scroll"))
            elements.append(label(prefix + text, at: at))
        case .typing(let text):
            let shown = text.count > 80 ? String(text.prefix(79)) + "…" : text
            captions.append(prefix + "type \"" + shown.replacingOccurrences(of: "\n", with: "⏎") + "\"")
        case .press(let key):
            captions.append(prefix + "key " + key.name)
        case .keyDown(let key):
            captions.append(prefix + "key down " + key.name)
        case .keyUp(let key):
            captions.append(prefix + "key up " + key.name)
        case .hotkey(let keys):
            captions.append(prefix + "keys " + keys.map(\.name).joined(separator: "+"))
        case .wait(let seconds):
            captions.append(prefix + String(format: "wait %g s", seconds))
        case .runCommand(let shell):
            let shown = shell.command.count > 80 ? String(shell.command.prefix(79)) + "…" : shell.command
            captions.append(prefix + "$ " + shown.replacingOccurrences(of: "\n", with: "⏎"))
        case .done:
            captions.append(prefix + "DONE")
        case .fail:
            captions.append(prefix + "FAIL")
        }
    }

    /// A circle and a label at `point`, or at the pointer when the action gives no point.
    private mutating func mark(_ point: Point?, kind: String, label text: String, prefix: String) {
        guard let at = point ?? pointer else {
            captions.append(prefix + text + " at the pointer (position unknown)")
            return
        }
        pointer = at
        elements.append("<circle class=\"\(kind)\" cx=\"\(at.x)\" cy=\"\(at.y)\" r=\"\(radius)\"/>")
        if kind == "click", text.hasSuffix("×2") || text.hasSuffix("×3") {
            elements.append("<circle class=\"\(kind)\" cx=\"\(at.x)\" cy=\"\(at.y)\" r=\"\(radius * 3 / 5)\"/>")
        }
        elements.append(label(prefix + text, at: at))
    }

    /// A text beside a point, on the side where it fits.
    private func label(_ text: String, at point: Point) -> String {
        let width = text.count * fontSize * 6 / 10
        let rightSide = point.x + radius + 4 + width <= size.width
        let x = rightSide ? point.x + radius + 4 : point.x - radius - 4
        let y = point.y - radius < fontSize ? point.y + radius + fontSize : point.y - radius
        return "<text class=\"label\" x=\"\(x)\" y=\"\(y)\" font-size=\"\(fontSize)\" text-anchor=\"\(rightSide ? "start" : "end")\">"
            + HTML.escape(text) + "</text>"
    }

    private func line(_ from: Point, _ to: Point, kind: String, marker: String?) -> String {
        "<line class=\"\(kind)\" x1=\"\(from.x)\" y1=\"\(from.y)\" x2=\"\(to.x)\" y2=\"\(to.y)\""
            + (marker.map { " marker-end=\"url(#\($0))\"" } ?? "") + "/>"
    }
}
