import DeskgymCore
import DeskgymSandbox
import DeskgymTaskModel
import Foundation

/// The getters of OSWorld's VS Code, GIMP, desktop-shortcut and default-application tasks.
extension GetterRunner {
    /// The getter types of this file, which `supportedTypes` includes.
    static let desktopAppTypes: Set<String> = ["vscode_config", "gimp_config_file", "shortcuts_on_desktop", "default_video_player"]

    /// The video types OSWorld asks `xdg-mime` about, in its order and with its repetitions
    /// (which weigh the vote when applications tie).
    static let videoMimeSubtypes = [
        "3gp", "3gp", "3gpp", "3gpp", "3gpp2", "3gpp2", "avi", "avi", "divx", "divx", "dv", "dv", "fli", "fli", "flv", "flv",
        "mp2t", "mp2t", "mp4", "mp4", "mp4v-es", "mp4v-es", "mpeg", "mpeg", "mpeg-system", "mpeg-system", "msvideo", "msvideo",
        "ogg", "ogg", "quicktime", "quicktime", "vnd.divx", "vnd.divx", "vnd.mpegurl", "vnd.mpegurl", "vnd.rn-realvideo",
        "vnd.rn-realvideo", "webm", "webm", "x-anim", "x-anim", "x-avi", "x-avi", "x-flc", "x-flc", "x-fli", "x-fli", "x-flv",
        "x-flv", "x-m4v", "x-m4v", "x-matroska", "x-matroska", "x-mpeg", "x-mpeg", "x-mpeg-system", "x-mpeg-system", "x-mpeg2",
        "x-mpeg2", "x-ms-asf", "x-ms-asf", "x-ms-asf-plugin", "x-ms-asf-plugin", "x-ms-asx", "x-ms-asx", "x-ms-wm", "x-ms-wm",
        "x-ms-wmv", "x-ms-wmv", "x-ms-wmx", "x-ms-wmx", "x-ms-wvx", "x-ms-wvx", "x-msvideo", "x-msvideo", "x-nsv", "x-nsv",
        "x-ogm", "x-ogm", "x-ogm+ogg", "x-theora", "x-theora", "x-theora+ogg", "x-theora+ogg",
    ]

    /// The most `.desktop` files `shortcuts_on_desktop` reads, and the most bytes of each.
    static let shortcutLimit = 1_000
    static let shortcutByteLimit = 1 << 20

    /// Runs one getter of `desktopAppTypes`.
    static func desktopAppValue(_ spec: GetterSpec, context: TaskContext) async throws -> GetterValue {
        switch spec.type {
        case "vscode_config": return try await vscodeConfig(spec, context: context)
        case "gimp_config_file": return try await gimpConfigFile(spec, context: context)
        case "shortcuts_on_desktop": return try await shortcutsOnDesktop(context: context)
        default: return try await defaultVideoPlayer(context: context)
        }
    }

    /// OSWorld's `vscode_config`: runs a command of VS Code's palette (`vscode_extension_command`,
    /// such as the corpus's `OpenProject`, which its extension answers by writing a file) with
    /// ctrl+shift+P, the command, Enter; waits a second; then fetches `path` as `vm_file` does.
    static func vscodeConfig(_ spec: GetterSpec, context: TaskContext) async throws -> GetterValue {
        let command = try field(spec, "vscode_extension_command")
        let path = try field(spec, "path")
        let dest = spec[field: "dest"]?.stringValue ?? URL(fileURLWithPath: path).lastPathComponent
        let desktop = context.session.desktop
        try await desktop.perform(.hotkey([try Key("ctrl"), try Key("shift"), try Key("p")]))
        try await desktop.perform(.typing(command))
        try await desktop.perform(.press(try Key("enter")))
        try await Task.sleep(for: .seconds(1))
        return try await copiedFile(path, dest: dest, context: context)
    }

    /// OSWorld's `gimp_config_file`: GIMP 2.10's configuration file `file_name` (`gimprc`,
    /// `sessionrc`) from `~/.config/GIMP/2.10`, saved as `dest`.
    static func gimpConfigFile(_ spec: GetterSpec, context: TaskContext) async throws -> GetterValue {
        let name = try field(spec, "file_name")
        guard !name.contains("/"), name != "..", !name.isEmpty else {
            throw StepProblem("getter 'gimp_config_file': file_name must be a file name, not \(name)")
        }
        return try await copiedFile("~/.config/GIMP/2.10/" + name, dest: spec[field: "dest"]?.stringValue ?? name, context: context)
    }

    /// The session's file at `path` (as tasks write it) copied into the cache as `dest`; nil
    /// when there is none.
    static func copiedFile(_ path: String, dest: String, context: TaskContext) async throws -> GetterValue {
        try FileManager.default.createDirectory(at: context.cacheFolder, withIntermediateDirectories: true)
        let target = context.cacheFolder.appendingPathComponent(dest)
        let copied = try await context.session.copyFile(fromDesktop: context.mapPath(path), to: target)
        return .file(copied ? target : nil)
    }

    /// OSWorld's `shortcuts_on_desktop`: every entry of `~/Desktop` whose name ends with
    /// `.desktop`, mapped to its text. An entry that cannot be read as UTF-8 text fails the getter,
    /// as OSWorld's does; no Desktop folder gives an empty map.
    static func shortcutsOnDesktop(context: TaskContext) async throws -> GetterValue {
        let folder = context.mapPath("~/Desktop")
        guard let tree = try await context.session.directoryTree(onDesktop: folder) else { return .json(.object([:])) }
        let names = tree.children.map(\.name).filter { $0.hasSuffix(".desktop") }.prefix(shortcutLimit)
        var shortcuts: [String: JSONValue] = [:]
        let scratch = context.cacheFolder.appendingPathComponent("shortcuts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for name in names {
            let copy = scratch.appendingPathComponent(UUID().uuidString)
            guard try await context.session.copyFile(fromDesktop: folder + "/" + name, to: copy) else {
                throw StepProblem("getter 'shortcuts_on_desktop': ~/Desktop/\(name) cannot be read (is it a folder?)")
            }
            let data = try Data(contentsOf: copy)
            guard data.count <= shortcutByteLimit, let text = String(validating: data, as: UTF8.self) else {
                throw StepProblem(
                    "getter 'shortcuts_on_desktop': ~/Desktop/\(name) is not UTF-8 text of at most \(shortcutByteLimit) bytes")
            }
            shortcuts[name] = .string(text)
        }
        return .json(.object(shortcuts))
    }

    /// OSWorld's `default_video_player`: asks `xdg-mime query default video/TYPE` for each of its
    /// video types and gives the application named most often (the first named among those tied),
    /// as the command printed it; `unknown` when none is. One shell command asks for them all.
    static func defaultVideoPlayer(context: TaskContext) async throws -> GetterValue {
        let script = "for t in \"$@\"; do xdg-mime query default \"video/$t\" 2>/dev/null; printf '\\0'; done"
        let run = try await context.session.run(
            program: "/bin/bash", arguments: ["-c", script, "deskgym-video-player"] + videoMimeSubtypes, timeout: .seconds(120))
        let answers = run.stdout.split(separator: "\0", omittingEmptySubsequences: false).prefix(videoMimeSubtypes.count)
        return .text(mostCommonApplication(answers.map(String.init)))
    }

    /// Python's `Counter(answers).most_common(1)` over the non-empty answers (ties go to the one
    /// counted first), or `unknown`.
    static func mostCommonApplication(_ answers: [String]) -> String {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for answer in answers where !answer.isEmpty {
            if counts[answer] == nil { order.append(answer) }
            counts[answer, default: 0] += 1
        }
        var best: String?
        for answer in order where best == nil || counts[answer]! > counts[best!]! { best = answer }
        return best ?? "unknown"
    }
}
