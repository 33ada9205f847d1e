import DeskgymCore
import DeskgymMetrics
import DeskgymSandbox
import DeskgymTaskModel
import DeskgymTaskTestSupport
import Foundation
import Logging
import Testing

@testable import DeskgymTasks

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.getters")
    logger.logLevel = .warning
    return logger
}()

/// The getters that read a live session: `vm_terminal_output` (the xterm of the default vm-config,
/// with its HOME template's X resources), `vm_wallpaper` (PCManFM's desktop) and
/// `content_from_vm_file` (a file in the session's HOME).
@Suite("Getters in a session", .serialized, .timeLimit(.minutes(3)))
struct GetterSessionTests {
    static var defaultConfig: URL { TaskTestSupport.repositoryRoot.appendingPathComponent("vm-configs/default.yaml") }

    /// Waits until `window` is the active one.
    func activate(_ window: WindowInfo, in session: DesktopSession) async throws {
        for _ in 0..<300 {
            if try session.desktop.windows.list().first(where: { $0.id == window.id })?.isActive == true { return }
            try session.desktop.windows.activate(window.id)
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("window \(window.title) never became active")
    }

    func window(titled title: String, in session: DesktopSession) async throws -> WindowInfo {
        for _ in 0..<500 {
            if let window = try session.desktop.windows.list().first(where: { $0.title == title }) { return window }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw StepProblem("no window titled \(title)")
    }

    /// The terminal's text once it holds a line `line` (the shell may take a moment to answer).
    func screen(containing line: String, context: TaskContext) async throws -> String? {
        var text: String?
        for _ in 0..<100 {
            guard case .text(let screen) = try await GetterRunner.fetch(GetterSpec(type: "vm_terminal_output"), context: context) else {
                Issue.record("vm_terminal_output gave no text")
                return nil
            }
            text = screen
            if screen?.split(separator: "\n").contains(where: { $0 == line }) == true { return screen }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the terminal never showed a line \(line.debugDescription); last screen: \(text ?? "nil")")
        return text
    }

    @Test("vm_terminal_output reads what the active xterm shows after typing `echo hi`")
    func terminalOutput() async throws {
        var config = try VMConfig.load(from: Self.defaultConfig)
        config.screen = .init(width: 1024, height: 768, depth: 24)
        try await withTaskSession(config, logger: logger) { session, context in
            let terminal = try await window(titled: "Terminal", in: session)
            try await activate(terminal, in: session)
            try await session.desktop.perform(.typing("echo hi\n"))
            let text = try #require(try await screen(containing: "hi", context: context))
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            // The last such line: keys typed before the shell's first prompt are echoed once more above.
            let command = try #require(lines.lastIndex { $0.hasSuffix("echo hi") }, "\(text)")
            #expect(lines[command + 1] == "hi")
            #expect(!text.hasSuffix(" ") && !text.hasSuffix("\n"))
            // The screen as it is now, not a record of the past: after `clear` the output is gone.
            try await session.desktop.perform(.typing("clear; echo second\n"))
            let cleared = try #require(try await screen(containing: "second", context: context))
            #expect(!cleared.split(separator: "\n").contains("hi"), "\(cleared)")

            // Another window active: no terminal, as OSWorld's None.
            _ = try session.launch("xmessage", arguments: ["-title", "Note", "not a terminal"])
            let note = try await window(titled: "Note", in: session)
            try await activate(note, in: session)
            #expect(try await GetterRunner.fetch(GetterSpec(type: "vm_terminal_output"), context: context) == .text(nil))

            // An xterm without a print command cannot be read: the error says what to set.
            _ = try session.launch("xterm", arguments: ["-title", "Bare", "-xrm", "XTerm*printerCommand:"])
            let bare = try await window(titled: "Bare", in: session)
            try await activate(bare, in: session)
            await #expect {
                _ = try await GetterRunner.fetch(GetterSpec(type: "vm_terminal_output"), context: context)
            } throws: { error in
                "\(error)".contains("XTerm*printerCommand")
            }
        }
    }

    @Test("vm_wallpaper copies the file PCManFM's desktop shows; none before one is set")
    func wallpaper() async throws {
        let config = VMConfig(
            screen: .init(width: 640, height: 480, depth: 24),
            apps: [VMConfig.App(command: "pcmanfm", args: ["--desktop"], name: "desktop")], source: "test")
        try await withTaskSession(config, logger: logger) { session, context in
            let spec = GetterSpec(type: "vm_wallpaper", fields: ["dest": .string("background.png")])
            #expect(try await GetterRunner.fetch(spec, context: context) == .file(nil))
            let image = session.home.appendingPathComponent("Pictures/sunset.png")
            _ = try await session.run("mkdir -p ~/Pictures")
            // The session's programs name the file by their own HOME.
            let named = session.programHome + "/Pictures/sunset.png"
            let convert = try await session.run("convert -size 64x48 gradient:orange-purple \(named)", timeout: .seconds(30))
            try #require(convert.exitCode == 0, "\(convert)")
            // PCManFM's own command, as its Desktop Preferences dialog would do it.
            let set = try await session.run("pcmanfm --set-wallpaper=\(named) --wallpaper-mode=stretch", timeout: .seconds(30))
            try #require(set.exitCode == 0, "\(set)")
            var fetched = try await GetterRunner.fetch(spec, context: context)
            for _ in 0..<600 where fetched == .file(nil) {
                try await Task.sleep(for: .milliseconds(50))
                fetched = try await GetterRunner.fetch(spec, context: context)
            }
            guard case .file(let copy?) = fetched else {
                Issue.record("no wallpaper file after pcmanfm --set-wallpaper: \(fetched)")
                return
            }
            #expect(copy == context.cacheFolder.appendingPathComponent("background.png"))
            #expect(try Data(contentsOf: copy) == Data(contentsOf: image))
            #expect(try Metric.compareImages(result: copy, expected: image, options: [:]) == .pass)
        }
    }

    @Test("a guest's GNOME picture-uri as gsettings prints it names the wallpaper file")
    func gnomePictureURI() {
        #expect(
            GetterRunner.gnomePicturePath("'file:///usr/share/backgrounds/warty-final-ubuntu.png'\n")
                == "/usr/share/backgrounds/warty-final-ubuntu.png")
        #expect(GetterRunner.gnomePicturePath("'file:///home/user/My%20Pictures/sea.jpg'") == "/home/user/My Pictures/sea.jpg")
        #expect(GetterRunner.gnomePicturePath("'/home/user/plain.png'") == "/home/user/plain.png")
        #expect(GetterRunner.gnomePicturePath("''") == nil)
        #expect(GetterRunner.gnomePicturePath("'https://example.com/a.png'") == nil)
    }

    @Test("content_from_vm_file fetches the workbook into the cache and reads its last row; a missing file is nil")
    func contentFromVMFile() async throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = [["Name", "Citations"], ["Ada", "12"], ["Grace", "4000"]]
        let book = try #require(
            try LibreOfficeFixture.convert(
                ["researchers": LibreOfficeFixture.spreadsheet(rows)],
                extension: "fods", to: "xlsx", in: folder)["researchers"])
        try await withTaskSession(logger: logger) {
            session, context in
            let desktop = session.home.appendingPathComponent("Desktop")
            try FileManager.default.createDirectory(at: desktop, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: book, to: desktop.appendingPathComponent("researchers.xlsx"))
            func spec(_ path: String, type: String = "xlsx") -> GetterSpec {
                GetterSpec(
                    type: "content_from_vm_file",
                    fields: [
                        "path": .string(path), "file_type": .string(type),
                        "file_content": .string("last_row"),
                    ])
            }
            let value = try await GetterRunner.fetch(spec("/home/user/Desktop/researchers.xlsx"), context: context)
            #expect(value == .json(.array([.string("Grace"), .string("4000")])))
            #expect(FileManager.default.fileExists(atPath: context.cacheFolder.appendingPathComponent("researchers.xlsx").path))
            #expect(try await GetterRunner.fetch(spec("/home/user/Desktop/absent.xlsx"), context: context) == .file(nil))
            await #expect {
                _ = try await GetterRunner.fetch(spec("/home/user/Desktop/researchers.xlsx", type: "csv"), context: context)
            } throws: { error in
                "\(error)".contains("file_type 'csv' is not supported")
            }
        }
    }
}
