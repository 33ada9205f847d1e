import ArgumentParser
import DeskgymX11
import Foundation

struct ScreenshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screenshot",
        abstract: "Capture a display to a PNG file.")

    @OptionGroup var target: DisplayOptions
    @Option(name: .shortAndLong, help: "The PNG file to write.")
    var output: String
    @Flag(help: "Draw the mouse pointer on the image.")
    var cursor = false

    func run() async throws {
        target.useAuthority()
        let desktop = try X11Desktop(displayName: target.display)
        let shot = try desktop.screenshot(cursor: cursor)
        try shot.png.write(to: URL(fileURLWithPath: output))
        print("\(output): \(shot.size) PNG, \(shot.png.count) bytes")
    }
}
