import ArgumentParser
import DeskgymCore
import DeskgymX11
import Foundation

struct WindowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "windows",
        abstract: "List the windows of a display, or activate or close one.")

    @OptionGroup var target: DisplayOptions
    @Option(help: "Activate the window with this id (hex like 0x1a00003 or decimal).")
    var activate: String?
    @Option(help: "Close the window with this id (hex like 0x1a00003 or decimal).")
    var close: String?
    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        target.useAuthority()
        let desktop = try X11Desktop(displayName: target.display)
        if let activate { try desktop.windows.activate(try Self.windowID(activate)) }
        if let close {
            let id = try Self.windowID(close)
            if try await !desktop.windows.close(id) { emit("window 0x\(String(id, radix: 16)) did not close within 3 s") }
        }
        let windows = try desktop.windows.list()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(windows), as: UTF8.self))
            return
        }
        for window in windows {
            print(
                "0x\(String(window.id, radix: 16))\t\(window.isActive ? "*" : " ")\t\(window.frame)\t\(window.instanceName).\(window.className)\t\(window.title)"
            )
        }
    }

    static func windowID(_ text: String) throws -> UInt {
        let parsed = text.lowercased().hasPrefix("0x") ? UInt(text.dropFirst(2), radix: 16) : UInt(text)
        guard let parsed else { throw ValidationError("'\(text)' is not a window id (write it as 0x1a00003 or 27262979)") }
        return parsed
    }
}
