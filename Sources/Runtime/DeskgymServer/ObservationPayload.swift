import DeskgymCore
import Foundation

/// An observation as the API sends it.
struct ObservationPayload: Encodable, Sendable {
    /// A top-level window.
    struct Window: Encodable, Sendable {
        var title: String
        /// `WM_CLASS` class name, such as `XTerm`.
        var windowClass: String
        /// `WM_CLASS` instance name, such as `xterm`.
        var instance: String
        var active: Bool

        enum CodingKeys: String, CodingKey {
            case title, instance, active
            case windowClass = "class"
        }
    }

    /// A set-of-marks mark: its number, OSWorld's tag, name and text, and its box on the screen
    /// (`[x, y, width, height]`, screen pixels).
    struct Mark: Encodable, Sendable {
        var mark: Int
        var tag: String
        var name: String
        var text: String
        var bounds: [Int]
    }

    enum CodingKeys: String, CodingKey {
        case screenshot, width, height, windows, step, terminal, marks
        case imageWidth = "image_width"
        case imageHeight = "image_height"
        case accessibilityTree = "accessibility_tree"
        case accessibilityTruncation = "accessibility_truncated"
        case accessibilityError = "accessibility_error"
        case marksTable = "marks_table"
    }

    /// The screen as PNG bytes; absent with image mode `none`. Written as base64, or as the word
    /// `"binary"` when ``screenshotSentApart`` (the WebSocket stream sends the bytes in a frame of
    /// their own), so that the PNG is never base64-encoded only to be decoded again.
    var screenshotPNG: Data?
    var screenshotSentApart = false
    var width: Int
    var height: Int
    /// The size of the scaled screenshot, when the session asked for `observation_size`.
    var imageWidth: Int?
    var imageHeight: Int?
    var windows: [Window]
    /// Steps taken since the last reset (0 right after create or reset).
    var step: Int
    /// What the step's shell commands did; absent when it ran none.
    var terminal: [CommandResult]?
    /// The accessibility tree (OSWorld's XML), with an `observation_type` that reads it.
    var accessibilityTree: String?
    /// Which cap the tree's read reached, when it did.
    var accessibilityTruncation: String?
    /// Why the tree could not be read (no bus, a failed read).
    var accessibilityError: String?
    /// Set-of-marks (`observation_type: som`): the marks and OSWorld's table of them.
    var marks: [Mark]?
    var marksTable: String?

    /// The observation without its screenshot (``ServedSession`` adds it, scaled as asked).
    init(_ observation: Observation, step: Int) {
        width = observation.screenshot.size.width
        height = observation.screenshot.size.height
        windows = observation.windows.map {
            Window(title: $0.title, windowClass: $0.className, instance: $0.instanceName, active: $0.isActive)
        }
        self.step = step
        terminal = observation.commands.isEmpty ? nil : observation.commands
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let screenshotPNG {
            try container.encode(screenshotSentApart ? "binary" : screenshotPNG.base64EncodedString(), forKey: .screenshot)
        }
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encodeIfPresent(imageWidth, forKey: .imageWidth)
        try container.encodeIfPresent(imageHeight, forKey: .imageHeight)
        try container.encode(windows, forKey: .windows)
        try container.encode(step, forKey: .step)
        try container.encodeIfPresent(terminal, forKey: .terminal)
        try container.encodeIfPresent(accessibilityTree, forKey: .accessibilityTree)
        try container.encodeIfPresent(accessibilityTruncation, forKey: .accessibilityTruncation)
        try container.encodeIfPresent(accessibilityError, forKey: .accessibilityError)
        try container.encodeIfPresent(marks, forKey: .marks)
        try container.encodeIfPresent(marksTable, forKey: .marksTable)
    }
}
