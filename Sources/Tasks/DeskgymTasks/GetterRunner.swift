import DeskgymAccessibilityTree
import DeskgymCore
import DeskgymSandbox
import DeskgymTaskModel
import Foundation

/// Fetches what a task's evaluator compares (`result` and `expected`), with the semantics of
/// OSWorld's getters.
public enum GetterRunner {
    /// The getter types this runner knows.
    public static let supportedTypes: Set<String> = [
        "vm_file", "cache_file", "cloud_file", "vm_command_line", "vm_command_error", "rule", "list_directory",
        "vm_screen_size", "vm_window_size", "rule_relativeTime", "content_from_vm_file", "vm_terminal_output",
        "vm_wallpaper", "accessibility_tree",
        "gimp_config_file",
        "open_tabs_info", "active_tab_info", "active_url_from_accessTree", "page_info", "bookmarks",
        "active_tab_url_parse", "url_dashPart", "url_path_parse", "active_tab_html_parse",
        "enable_do_not_track", "enable_safe_browsing", "data_delete_automacally", "default_search_engine",
        "new_startup_page", "profile_name", "find_unpacked_extension_path",
    ]

    /// Getters that read what only a desktop of this machine shows.
    static let localOnlyTypes: Set<String> = [
        "vm_terminal_output", "accessibility_tree", "open_tabs_info", "active_tab_info", "active_url_from_accessTree", "page_info",
        "bookmarks",
        "active_tab_url_parse", "url_dashPart", "url_path_parse", "active_tab_html_parse",
        "enable_do_not_track", "enable_safe_browsing", "data_delete_automacally", "default_search_engine",
        "new_startup_page", "profile_name", "find_unpacked_extension_path",
    ]

    /// Runs one getter. Files are copied into `context.cacheFolder` under their `dest` name.
    public static func fetch(_ spec: GetterSpec, context: TaskContext) async throws -> GetterValue {
        if localOnlyTypes.contains(spec.type) { try requireLocal(spec.type, context: context) }
        switch spec.type {
        case "vm_file":
            let (paths, dests, gives) = try fileLists(spec)
            try FileManager.default.createDirectory(at: context.cacheFolder, withIntermediateDirectories: true)
            var given: [URL?] = []
            for (index, (path, dest)) in zip(paths, dests).enumerated() {
                let target = context.cacheFolder.appendingPathComponent(dest)
                let copied = try await context.session.copyFile(fromDesktop: context.mapPath(path), to: target)
                if gives.contains(index) { given.append(copied ? target : nil) }
            }
            return given.count == 1 ? .file(given[0]) : .files(given)
        case "cache_file":
            let path = context.cacheFolder.appendingPathComponent(try field(spec, "path"))
            return .file(FileManager.default.fileExists(atPath: path.path) ? path : nil)
        case "cloud_file":
            // No internet here: the file must already be in the cache, under `dest`.
            let (paths, dests, gives) = try fileLists(spec)
            var given: [URL?] = []
            for (index, (url, dest)) in zip(paths, dests).enumerated() where gives.contains(index) {
                let cached = context.cacheFolder.appendingPathComponent(dest)
                if FileManager.default.fileExists(atPath: cached.path) {
                    given.append(cached)
                } else {
                    let fallback = try? SetupRunner.cachedFile(for: url, context: context)
                    given.append(fallback)
                }
            }
            return given.count == 1 ? .file(given[0]) : .files(given)
        case "vm_command_line", "vm_command_error":
            let result = try await command(spec, context: context)
            return .text(spec.type == "vm_command_line" ? result.stdout : result.stderr)
        case "rule":
            guard let rules = spec[field: "rules"] else { throw StepProblem("getter 'rule' needs 'rules'") }
            return .json(context.expandPages(rules))
        case "rule_relativeTime":
            return .json(try relativeTimeRules(spec, environment: context.session.environment))
        case "list_directory":
            return .json(try await context.session.directoryTree(onDesktop: context.mapPath(try field(spec, "path"))).map(json) ?? .null)
        case "vm_screen_size":
            let size = context.session.desktop.screenSize
            return .json(.object(["width": .number(Double(size.width)), "height": .number(Double(size.height))]))
        case "vm_window_size":
            let name = try field(spec, "app_class_name")
            guard
                let window = try context.session.desktop.windows.list().first(where: {
                    $0.className.lowercased() == name.lowercased() || $0.instanceName.lowercased() == name.lowercased()
                })
            else { return .json(.null) }
            return .json(.object(["width": .number(Double(window.frame.width)), "height": .number(Double(window.frame.height))]))
        case "open_tabs_info": return try await openTabsInfo(context: context)
        case "active_tab_info": return try await activeTabInfo(context: context)
        case "active_url_from_accessTree": return try await activeURLFromAccessTree(spec, context: context)
        case "page_info": return try await pageInfo(spec, context: context)
        case "bookmarks": return try await bookmarks(context: context)
        case "active_tab_url_parse": return try await activeTabURLParse(spec, context: context)
        case "url_dashPart": return try await urlDashPart(spec, context: context)
        case "url_path_parse": return try await urlPathParse(spec, context: context)
        case "active_tab_html_parse": return try await activeTabHTMLParse(spec, context: context)
        case "enable_do_not_track", "enable_safe_browsing", "data_delete_automacally", "default_search_engine",
            "new_startup_page", "profile_name", "find_unpacked_extension_path":
            return chromeSetting(spec, context: context)
        case "content_from_vm_file":
            return try await contentFromVMFile(spec, context: context)
        case "vm_terminal_output":
            return try await terminalOutput(context: context)
        case "accessibility_tree":
            // OSWorld's controller gives the server's XML; a session without a bus gives none.
            guard context.session.accessibilityBusAddress != nil else { return .text(nil) }
            return .text(try await context.session.accessibilityTree().osworldXML())
        case "vm_wallpaper":
            return try await wallpaper(spec, context: context)
        case "gimp_config_file":
            return try await gimpConfigFile(spec, context: context)
        default:
            throw StepProblem(
                "getter type '\(spec.type)' is not supported here (supported: \(supportedTypes.sorted().joined(separator: ", ")))")
        }
    }

    /// `path`/`dest` as one or, with `multi`, parallel lists; `gives` picks the ones returned.
    static func fileLists(_ spec: GetterSpec) throws -> ([String], [String], Set<Int>) {
        let multi = spec[field: "multi"]?.boolValue ?? false
        let gives = Set((spec[field: "gives"]?.arrayValue ?? [.number(0)]).compactMap(\.intValue))
        if multi {
            let paths = spec[field: "path"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let dests = spec[field: "dest"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard !paths.isEmpty, paths.count == dests.count else {
                throw StepProblem("with multi, 'path' and 'dest' must be lists of strings of the same length")
            }
            return (paths, dests, gives)
        }
        let path = try field(spec, "path")
        let dest = spec[field: "dest"]?.stringValue ?? URL(fileURLWithPath: path).lastPathComponent
        return ([path], [dest], gives)
    }

    static func command(_ spec: GetterSpec, context: TaskContext) async throws -> CommandResult {
        let step = SetupStep(type: spec.type, parameters: .object(spec.fields))
        if spec[field: "shell"]?.boolValue == true {
            let (_, arguments) = try SetupRunner.commandLine(step, context: context, splitString: false)
            return try await context.session.run(arguments.last ?? "", timeout: .seconds(120))
        }
        let (program, arguments) = try SetupRunner.commandLine(step, context: context, splitString: true)
        return try await context.session.run(program: program, arguments: arguments, timeout: .seconds(120))
    }

    /// A directory tree as OSWorld's server reports it: `{"type": "directory", "name", "children"}`
    /// and `{"type": "file", "name"}`, children sorted by name.
    static func json(_ tree: DirectoryTree) -> JSONValue {
        guard tree.isDirectory else { return .object(["type": .string("file"), "name": .string(tree.name)]) }
        return .object(["type": .string("directory"), "name": .string(tree.name), "children": .array(tree.children.map(json))])
    }

    /// Refuses a getter that reads what only a session of this machine shows (a terminal's
    /// process, Chromium's DevTools port) when the session's desktop is a guest's.
    static func requireLocal(_ type: String, context: TaskContext) throws {
        guard context.session.usesGuestAgent else { return }
        throw StepProblem(
            "getter '\(type)' reads the desktop of this machine (a terminal's process, Chromium's DevTools port), "
                + "and this session's desktop is a guest's (\(context.session.config.source))")
    }

    static func field(_ spec: GetterSpec, _ name: String) throws -> String {
        guard let value = spec[field: name] else { throw StepProblem("getter '\(spec.type)' needs '\(name)'") }
        guard let text = value.stringValue else {
            throw StepProblem("getter '\(spec.type)': '\(name)' must be a string, got \(value.typeName)")
        }
        return text
    }
}
