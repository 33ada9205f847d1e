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

    enum CodingKeys: String, CodingKey {
        case screenshot, width, height, windows, step, terminal
        case imageWidth = "image_width"
        case imageHeight = "image_height"
    }

    /// The screen as base64 PNG; absent with image mode `none`.
    var screenshot: String?
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

    init(_ observation: Observation, step: Int, image: ImageMode) {
        screenshot = image == .base64 ? observation.screenshot.png.base64EncodedString() : nil
        width = observation.screenshot.size.width
        height = observation.screenshot.size.height
        windows = observation.windows.map {
            Window(title: $0.title, windowClass: $0.className, instance: $0.instanceName, active: $0.isActive)
        }
        self.step = step
        terminal = observation.commands.isEmpty ? nil : observation.commands
    }
}
