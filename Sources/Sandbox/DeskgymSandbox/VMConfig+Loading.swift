import DeskgymCore
import Foundation
import Yams

extension VMConfig {
    /// Reads and validates a config file.
    ///
    /// A relative `home_template` is resolved against the file's folder.
    /// - Throws: ``VMConfigError`` naming the path when the file is missing or unreadable, or
    ///   naming the file, line, field path and problem when its content is invalid.
    public static func load(from url: URL) throws(VMConfigError) -> VMConfig {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw VMConfigError(source: path, problem: .fileNotFound)
        }
        if isDirectory.boolValue {
            throw VMConfigError(source: path, problem: .unreadable(reason: "it is a folder"))
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw VMConfigError(source: path, problem: .unreadable(reason: "\(error.localizedDescription)"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw VMConfigError(source: path, problem: .unreadable(reason: "not valid UTF-8"))
        }
        return try parse(yaml: text, source: path, baseDirectory: url.deletingLastPathComponent())
    }

    /// Parses and validates config text.
    ///
    /// - Parameters:
    ///   - yaml: The YAML text.
    ///   - source: A file path or label, used in error messages, in ``VMConfig/source`` and for the
    ///     default ``VMConfig/name`` (the file name without its `.yaml`/`.yml` extension).
    ///   - baseDirectory: The folder a relative `home_template` is resolved against; defaults to the
    ///     folder of `source` taken as a path (the current directory for a bare label).
    /// - Throws: ``VMConfigError`` naming the source, line, field path and problem.
    public static func parse(yaml: String, source: String, baseDirectory: URL? = nil) throws(VMConfigError) -> VMConfig {
        let base = baseDirectory ?? URL(fileURLWithPath: source).deletingLastPathComponent()
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ConfigReader.translate(error, source: source)
        } catch {
            throw VMConfigError(source: source, problem: .syntax(message: "\(error)"))
        }
        let reader = ConfigReader(source: source, baseDirectory: base)
        guard let root else {
            throw VMConfigError(source: source, problem: .missingField(field: "kind"))
        }
        return try reader.config(root)
    }
}

// MARK: - The strict reader

/// Walks a Yams node tree field by field, so every error can carry a path and a line.
/// Scalars are judged by their text (quoting does not matter); a plain `~`, `null` or empty
/// value is null, which lists and `env` take as empty and every other field rejects.
private struct ConfigReader {
    let source: String
    let baseDirectory: URL

    static let rootFields = [
        "kind", "name", "screen", "glx", "accessibility", "window_manager", "window_manager_args",
        "apps", "home_template", "env", "xvfb_args", "sandbox", "limits", "network", "settle", "vnc",
        "qemu",
    ]
    /// Fields that only an Xvfb desktop has.
    static let xvfbOnlyFields = [
        "glx", "accessibility", "window_manager", "window_manager_args", "apps", "home_template", "xvfb_args", "sandbox",
        "limits", "network",
    ]
    static let vncFields = [
        "host", "port", "password", "password_file", "display", "xauthority", "commands", "home",
        "guest_agent", "connect_timeout_ms",
    ]
    static let qemuFields = [
        "image", "format", "binary", "memory_mb", "cpus", "accel", "guest_agent", "guest_home",
        "guest_display",
        "boot_timeout_ms", "args",
    ]
    static let screenFields = ["width", "height", "depth"]
    static let limitsFields = ["memory_mb", "processes", "cpu_shares"]
    static let appFields = ["command", "args", "name", "wait_for_window"]
    static let settleFields = ["quiet_ms", "max_ms", "idle_ms", "idle_max_ms", "signals"]
    /// Variables the session itself sets for every process.
    static let reservedEnvironment: Set<String> = ["DISPLAY", "HOME"]
    static let maximumMilliseconds = 3_600_000

    // MARK: Errors

    func error(_ path: String, _ node: Node?, _ problem: VMConfigError.Problem) -> VMConfigError {
        VMConfigError(
            source: source, path: path, line: node?.mark?.line, column: node?.mark?.column,
            problem: problem)
    }

    func wrongType(_ path: String, _ node: Node, expected: String) -> VMConfigError {
        error(path, node, .wrongType(expected: expected, found: Self.describe(node)))
    }

    static func translate(_ error: YamlError, source: String) -> VMConfigError {
        switch error {
        case let .scanner(context, problem, mark, _),
            let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            var message = problem
            if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            return VMConfigError(
                source: source, line: mark.line, column: mark.column,
                problem: .syntax(message: message))
        case let .duplicatedKeysInMapping(duplicates, context):
            return VMConfigError(
                source: source, line: context.mark.line, column: context.mark.column,
                problem: .duplicateField(field: duplicates.joined(separator: "', '")))
        case let .reader(problem, offset, _, _):
            let at = offset.map { " at byte \($0)" } ?? ""
            return VMConfigError(source: source, problem: .syntax(message: problem + at))
        default:
            return VMConfigError(source: source, problem: .syntax(message: "\(error)"))
        }
    }

    /// How a node is shown after "found".
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if isNull(scalar) { return "null" }
            var text = scalar.string
            if text.count > 40 { text = String(text.prefix(40)) + "…" }
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\"\(escaped)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    static func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    static func isNull(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node { return isNull(scalar) }
        return false
    }

    // MARK: Shapes

    /// The fields of a mapping by name, after checking that every key is known.
    func fields(
        _ node: Node, path: String, known: [String], expected: String = "a mapping"
    )
        throws(VMConfigError) -> [String: Node]
    {
        guard case .mapping(let mapping) = node else { throw wrongType(path, node, expected: expected) }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let keyScalar) = key else {
                throw wrongType(path, key, expected: "a field name")
            }
            let name = keyScalar.string
            let fieldPath = path.isEmpty ? name : "\(path).\(name)"
            guard known.contains(name) else {
                throw error(
                    fieldPath, key,
                    .unknownField(
                        field: name, suggestion: Self.closest(to: name, in: known),
                        known: known))
            }
            result[name] = value
        }
        return result
    }

    func string(_ node: Node, path: String, expected: String = "a string") throws(VMConfigError) -> String {
        guard case .scalar(let scalar) = node, !Self.isNull(scalar) else {
            throw wrongType(path, node, expected: expected)
        }
        return scalar.string
    }

    func nonEmptyString(_ node: Node, path: String) throws(VMConfigError) -> String {
        let value = try string(node, path: path)
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw error(path, node, .invalidValue(message: "must not be empty"))
        }
        return value
    }

    func integer(_ node: Node, path: String) throws(VMConfigError) -> Int {
        guard case .scalar(let scalar) = node, !Self.isNull(scalar) else {
            throw wrongType(path, node, expected: "an integer")
        }
        var text = Substring(scalar.string.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("+") { text = text.dropFirst() }
        guard let value = Int(text) else { throw wrongType(path, node, expected: "an integer") }
        return value
    }

    func boolean(_ node: Node, path: String) throws(VMConfigError) -> Bool {
        guard case .scalar(let scalar) = node, !Self.isNull(scalar) else {
            throw wrongType(path, node, expected: "true or false")
        }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw wrongType(path, node, expected: "true or false")
        }
    }

    /// A list of strings (any scalar counts, by its text); null is the empty list.
    func stringList(_ node: Node, path: String) throws(VMConfigError) -> [String] {
        if Self.isNull(node) { return [] }
        guard case .sequence(let sequence) = node else {
            throw wrongType(path, node, expected: "a list of strings")
        }
        var result: [String] = []
        for (index, item) in sequence.enumerated() {
            result.append(try string(item, path: "\(path)[\(index)]"))
        }
        return result
    }

    /// One of an enumeration's raw values.
    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, path: String) throws(VMConfigError) -> T
    where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        let expected = "one of " + names.joined(separator: ", ")
        let value = try string(node, path: path, expected: expected)
        guard let picked = T(rawValue: value) else { throw wrongType(path, node, expected: expected) }
        return picked
    }

    /// A program name: non-empty, and without whitespace unless it is a path.
    func command(_ node: Node, path: String, inList: Bool = false) throws(VMConfigError) -> String {
        let value = try nonEmptyString(node, path: path)
        if !value.contains("/"), value.contains(where: \.isWhitespace) {
            let words = value.split(whereSeparator: \.isWhitespace)
            let hint =
                inList
                ? "write {command: \(words[0]), args: [\(words.dropFirst().joined(separator: ", "))]}"
                : "put the arguments in the matching args list"
            throw error(
                path, node,
                .invalidValue(
                    message: "'\(value)' is not a single command name: commands are not split like a shell would; \(hint)"))
        }
        return value
    }

    // MARK: The config

    func config(_ root: Node) throws(VMConfigError) -> VMConfig {
        let fields = try fields(root, path: "", known: Self.rootFields)
        guard let kindNode = fields["kind"] else {
            throw error("", root, .missingField(field: "kind"))
        }
        var config = VMConfig(kind: try kind(kindNode), name: Self.defaultName(for: source), source: source)
        if let node = fields["name"] { config.name = try nonEmptyString(node, path: "name") }
        if let node = fields["screen"] { config.screen = try screen(node) }
        if let node = fields["glx"] { config.glx = try boolean(node, path: "glx") }
        if let node = fields["accessibility"] { config.accessibility = try boolean(node, path: "accessibility") }
        if let node = fields["window_manager"] {
            let value = try command(node, path: "window_manager")
            config.windowManager = value == "none" ? nil : value
        }
        if let node = fields["window_manager_args"] {
            config.windowManagerArgs = try stringList(node, path: "window_manager_args")
        }
        if let node = fields["apps"] { config.apps = try apps(node) }
        if let node = fields["home_template"] { config.homeTemplate = try homeTemplate(node) }
        if let node = fields["env"] { config.env = try environment(node) }
        if let node = fields["xvfb_args"] { config.xvfbArgs = try stringList(node, path: "xvfb_args") }
        if let node = fields["sandbox"] { config.sandbox = try choice(node, path: "sandbox") }
        if let node = fields["limits"] { config.limits = try limits(node) }
        if let node = fields["network"] {
            config.network = try choice(node, path: "network")
            if config.sandbox == .none {
                throw error(
                    "network", node,
                    .invalidValue(
                        message:
                            "'network' applies to sandbox: namespaces; with sandbox: none the programs use this machine's network"))
            }
        }
        if let node = fields["settle"] { config.settle = try settle(node) }
        try checkKindFields(config.kind, fields: fields, root: root)
        if let node = fields["vnc"] { config.vnc = try vnc(node) }
        if let node = fields["qemu"] { config.qemu = try qemu(node) }
        return config
    }

    /// Each kind takes its own section and refuses the others' fields.
    func checkKindFields(_ kind: VMConfig.Kind, fields: [String: Node], root: Node) throws(VMConfigError) {
        if kind != .xvfb {
            for name in Self.xvfbOnlyFields {
                if let node = fields[name] {
                    throw error(
                        name, node,
                        .invalidValue(
                            message:
                                "'\(name)' applies to kind xvfb only; a \(kind.rawValue) desktop is started by its server, not by Deskgym"))
                }
            }
        }
        for section in [VMConfig.Kind.vnc, .qemu] {
            let name = section.rawValue
            if kind == section, fields[name] == nil {
                throw error("", root, .missingField(field: name))
            }
            if kind != section, let node = fields[name] {
                throw error(
                    name, node, .invalidValue(message: "'\(name)' applies to kind \(name) only, and this config is kind \(kind.rawValue)"))
            }
        }
    }

    func milliseconds(_ node: Node, path: String, minimum: Int = 1) throws(VMConfigError) -> Duration {
        let value = try integer(node, path: path)
        guard (minimum...Self.maximumMilliseconds).contains(value) else {
            throw error(path, node, .invalidValue(message: "must be between \(minimum) and \(Self.maximumMilliseconds), found \(value)"))
        }
        return .milliseconds(value)
    }

    /// A path, relative ones taken from the config file's folder.
    func resolvedPath(_ node: Node, path: String) throws(VMConfigError) -> String {
        let value = try nonEmptyString(node, path: path)
        let url = value.hasPrefix("/") ? URL(fileURLWithPath: value) : baseDirectory.appendingPathComponent(value)
        return url.standardizedFileURL.path
    }

    func vnc(_ node: Node) throws(VMConfigError) -> VMConfig.VNC {
        let fields = try fields(node, path: "vnc", known: Self.vncFields, expected: "a mapping {host, port, password, …}")
        var vnc = VMConfig.VNC()
        if let n = fields["host"] { vnc.host = try nonEmptyString(n, path: "vnc.host") }
        if let n = fields["port"] {
            vnc.port = try integer(n, path: "vnc.port")
            guard (1...65535).contains(vnc.port) else {
                throw error("vnc.port", n, .invalidValue(message: "must be between 1 and 65535, found \(vnc.port)"))
            }
        }
        if fields["password"] != nil, let f = fields["password_file"] {
            throw error("vnc.password_file", f, .invalidValue(message: "give password or password_file, not both"))
        }
        if let n = fields["password"] { vnc.password = try string(n, path: "vnc.password") }
        if let n = fields["password_file"] {
            let path = try resolvedPath(n, path: "vnc.password_file")
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw error("vnc.password_file", n, .invalidValue(message: "cannot read the password file \(path)"))
            }
            vnc.password = String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        }
        if let n = fields["xauthority"] { vnc.xauthority = try nonEmptyString(n, path: "vnc.xauthority") }
        if let n = fields["display"] {
            let display = try nonEmptyString(n, path: "vnc.display")
            guard display.hasPrefix(":"), Int(display.dropFirst().split(separator: ".").first ?? "") != nil else {
                throw error("vnc.display", n, .invalidValue(message: "expected a local X display like \":5\", found \"\(display)\""))
            }
            vnc.display = display
        }
        if let n = fields["commands"] {
            vnc.commands = try choice(n, path: "vnc.commands")
        }
        if let n = fields["guest_agent"] {
            vnc.guestAgent = try resolvedPath(n, path: "vnc.guest_agent")
            if fields["commands"] == nil { vnc.commands = .guestAgent }
            guard vnc.commands == .guestAgent else {
                throw error(
                    "vnc.guest_agent", n,
                    .invalidValue(
                        message: "a guest agent socket goes with commands: guest_agent, and commands is \(vnc.commands.rawValue)"))
            }
        } else if vnc.commands == .guestAgent, let n = fields["commands"] {
            throw error("vnc.commands", n, .invalidValue(message: "commands: guest_agent needs vnc.guest_agent, the agent's Unix socket"))
        }
        if let n = fields["home"] {
            if vnc.commands == .guestAgent {
                // A path in the guest: nothing here to check it against.
                vnc.home = try nonEmptyString(n, path: "vnc.home")
                guard vnc.home?.hasPrefix("/") == true else {
                    throw error("vnc.home", n, .invalidValue(message: "must be an absolute path in the guest, found \"\(vnc.home ?? "")\""))
                }
            } else {
                let path = try resolvedPath(n, path: "vnc.home")
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw error("vnc.home", n, .invalidValue(message: "folder not found: \(path)"))
                }
                vnc.home = path
            }
        }
        if let n = fields["connect_timeout_ms"] { vnc.connectTimeout = try milliseconds(n, path: "vnc.connect_timeout_ms") }
        return vnc
    }

    func qemu(_ node: Node) throws(VMConfigError) -> VMConfig.Qemu {
        let fields = try fields(node, path: "qemu", known: Self.qemuFields, expected: "a mapping {image, memory_mb, …}")
        guard let imageNode = fields["image"] else { throw error("qemu", node, .missingField(field: "image")) }
        let image = try resolvedPath(imageNode, path: "qemu.image")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: image, isDirectory: &isDirectory) else {
            throw error("qemu.image", imageNode, .invalidValue(message: "disk image not found: \(image)"))
        }
        guard !isDirectory.boolValue else {
            throw error("qemu.image", imageNode, .invalidValue(message: "disk image is a folder: \(image)"))
        }
        var qemu = VMConfig.Qemu(image: image)
        if let n = fields["format"] { qemu.format = try nonEmptyString(n, path: "qemu.format") }
        if let n = fields["binary"] { qemu.binary = try command(n, path: "qemu.binary") }
        if let n = fields["memory_mb"] {
            qemu.memoryMiB = try integer(n, path: "qemu.memory_mb")
            guard (16...1_048_576).contains(qemu.memoryMiB) else {
                throw error("qemu.memory_mb", n, .invalidValue(message: "must be between 16 and 1048576, found \(qemu.memoryMiB)"))
            }
        }
        if let n = fields["cpus"] {
            qemu.cpus = try integer(n, path: "qemu.cpus")
            guard (1...256).contains(qemu.cpus) else {
                throw error("qemu.cpus", n, .invalidValue(message: "must be between 1 and 256, found \(qemu.cpus)"))
            }
        }
        if let n = fields["accel"] {
            qemu.accel = try choice(n, path: "qemu.accel")
        }
        if let n = fields["guest_agent"] { qemu.guestAgent = try boolean(n, path: "qemu.guest_agent") }
        if let n = fields["guest_display"] {
            qemu.guestDisplay = try nonEmptyString(n, path: "qemu.guest_display")
            guard qemu.guestDisplay.contains(":") else {
                throw error(
                    "qemu.guest_display", n, .invalidValue(message: "expected an X display like \":0\", found \"\(qemu.guestDisplay)\""))
            }
        }
        if let n = fields["guest_home"] {
            qemu.guestHome = try nonEmptyString(n, path: "qemu.guest_home")
            guard qemu.guestHome.hasPrefix("/") else {
                throw error(
                    "qemu.guest_home", n, .invalidValue(message: "must be an absolute path in the guest, found \"\(qemu.guestHome)\""))
            }
        }
        if let n = fields["boot_timeout_ms"] { qemu.bootTimeout = try milliseconds(n, path: "qemu.boot_timeout_ms") }
        if let n = fields["args"] { qemu.args = try stringList(n, path: "qemu.args") }
        return qemu
    }

    static func defaultName(for source: String) -> String {
        let url = URL(fileURLWithPath: source)
        guard ["yaml", "yml"].contains(url.pathExtension.lowercased()) else { return "unnamed" }
        return url.deletingPathExtension().lastPathComponent
    }

    func kind(_ node: Node) throws(VMConfigError) -> VMConfig.Kind {
        try choice(node, path: "kind")
    }

    func screen(_ node: Node) throws(VMConfigError) -> VMConfig.Screen {
        let expected = "a mapping {width, height, depth} or a string like \"1920x1080x24\""
        var screen = VMConfig.Screen()
        if case .scalar(let scalar) = node, !Self.isNull(scalar) {
            let parts = scalar.string.lowercased().split(separator: "x", omittingEmptySubsequences: false)
            let numbers = parts.compactMap { Int($0) }
            guard (2...3).contains(parts.count), numbers.count == parts.count else {
                throw error(
                    "screen", node,
                    .invalidValue(
                        message: "expected WIDTHxHEIGHT or WIDTHxHEIGHTxDEPTH like \"1920x1080x24\", found \(Self.describe(node))"))
            }
            screen.width = numbers[0]
            screen.height = numbers[1]
            if numbers.count == 3 { screen.depth = numbers[2] }
            try validate(screen, node: node, paths: ("screen", "screen", "screen"))
            return screen
        }
        let fields = try fields(node, path: "screen", known: Self.screenFields, expected: expected)
        if let n = fields["width"] { screen.width = try integer(n, path: "screen.width") }
        if let n = fields["height"] { screen.height = try integer(n, path: "screen.height") }
        if let n = fields["depth"] { screen.depth = try integer(n, path: "screen.depth") }
        try validate(screen, node: node, fields: fields)
        return screen
    }

    private func validate(_ screen: VMConfig.Screen, node: Node, fields: [String: Node]) throws(VMConfigError) {
        try validate(
            screen, node: node, paths: ("screen.width", "screen.height", "screen.depth"),
            nodes: (fields["width"] ?? node, fields["height"] ?? node, fields["depth"] ?? node))
    }

    private func validate(
        _ screen: VMConfig.Screen, node: Node, paths: (String, String, String),
        nodes: (Node, Node, Node)? = nil
    ) throws(VMConfigError) {
        let nodes = nodes ?? (node, node, node)
        let range = 1...VMConfig.Screen.maximumDimension
        guard range.contains(screen.width) else {
            throw error(
                paths.0, nodes.0,
                .invalidValue(
                    message: "width must be between 1 and \(range.upperBound), found \(screen.width)"))
        }
        guard range.contains(screen.height) else {
            throw error(
                paths.1, nodes.1,
                .invalidValue(
                    message: "height must be between 1 and \(range.upperBound), found \(screen.height)"))
        }
        guard VMConfig.Screen.supportedDepths.contains(screen.depth) else {
            let supported = VMConfig.Screen.supportedDepths.map(String.init).joined(separator: " or ")
            throw error(
                paths.2, nodes.2,
                .invalidValue(
                    message: "depth \(screen.depth) is not supported (use \(supported))"))
        }
    }

    func apps(_ node: Node) throws(VMConfigError) -> [VMConfig.App] {
        if Self.isNull(node) { return [] }
        guard case .sequence(let sequence) = node else {
            throw wrongType("apps", node, expected: "a list of apps")
        }
        var apps: [VMConfig.App] = []
        for (index, item) in sequence.enumerated() {
            apps.append(try app(item, path: "apps[\(index)]"))
        }
        return apps
    }

    func app(_ node: Node, path: String) throws(VMConfigError) -> VMConfig.App {
        if case .scalar = node {
            guard !Self.isNull(node) else {
                throw wrongType(path, node, expected: "a command name or a mapping {command, args, name, wait_for_window}")
            }
            return VMConfig.App(command: try command(node, path: path, inList: true))
        }
        let fields = try fields(
            node, path: path, known: Self.appFields,
            expected: "a command name or a mapping {command, args, name, wait_for_window}")
        guard let commandNode = fields["command"] else {
            throw error(path, node, .missingField(field: "command"))
        }
        var app = VMConfig.App(command: try command(commandNode, path: "\(path).command"))
        if let n = fields["args"] { app.args = try stringList(n, path: "\(path).args") }
        if let n = fields["name"] { app.name = try nonEmptyString(n, path: "\(path).name") }
        if let n = fields["wait_for_window"] {
            app.waitForWindow = try nonEmptyString(n, path: "\(path).wait_for_window")
        }
        return app
    }

    func homeTemplate(_ node: Node) throws(VMConfigError) -> String {
        let value = try nonEmptyString(node, path: "home_template")
        let url =
            value.hasPrefix("/")
            ? URL(fileURLWithPath: value)
            : baseDirectory.appendingPathComponent(value)
        let path = url.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw error("home_template", node, .invalidValue(message: "folder not found: \(path)"))
        }
        guard isDirectory.boolValue else {
            throw error("home_template", node, .invalidValue(message: "not a folder: \(path)"))
        }
        return path
    }

    func environment(_ node: Node) throws(VMConfigError) -> [String: String] {
        if Self.isNull(node) { return [:] }
        guard case .mapping(let mapping) = node else {
            throw wrongType("env", node, expected: "a mapping of variable names to values")
        }
        var result: [String: String] = [:]
        for (key, value) in mapping {
            let name = try string(key, path: "env", expected: "a variable name")
            let path = "env.\(name)"
            guard Self.isVariableName(name) else {
                throw error(
                    path, key,
                    .invalidValue(
                        message: "'\(name)' is not a valid variable name (letters, digits and _, not starting with a digit)"))
            }
            guard !Self.reservedEnvironment.contains(name) else {
                throw error(path, key, .invalidValue(message: "\(name) is set by the session and cannot be overridden"))
            }
            result[name] = try string(value, path: path)
        }
        return result
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic)
                || ("0"..."9").contains($0)
        }
    }

    func limits(_ node: Node) throws(VMConfigError) -> VMConfig.Limits {
        let fields = try fields(node, path: "limits", known: Self.limitsFields, expected: "a mapping {memory_mb, processes, cpu_shares}")
        var limits = VMConfig.Limits()
        func bounded(_ name: String, _ range: ClosedRange<Int>) throws(VMConfigError) -> Int? {
            guard let n = fields[name] else { return nil }
            let value = try integer(n, path: "limits.\(name)")
            guard range.contains(value) else {
                throw error(
                    "limits.\(name)", n,
                    .invalidValue(message: "must be between \(range.lowerBound) and \(range.upperBound), found \(value)"))
            }
            return value
        }
        limits.memoryMiB = try bounded("memory_mb", 64...1_048_576)
        limits.processes = try bounded("processes", 16...1_000_000)
        limits.cpuShares = try bounded("cpu_shares", 2...262_144)
        return limits
    }

    func settle(_ node: Node) throws(VMConfigError) -> VMConfig.Settle {
        let fields = try fields(
            node, path: "settle", known: Self.settleFields,
            expected: "a mapping {quiet_ms, max_ms, idle_ms, idle_max_ms}")
        let defaults = VMConfig.Settle()
        let (quiet, maximum) = try millisecondPair(
            fields, node: node, lower: ("quiet_ms", defaults.quiet, ""),
            upper: ("max_ms", defaults.maximum), upperMinimum: 1)
        let (idle, idleMaximum) = try millisecondPair(
            fields, node: node, lower: ("idle_ms", defaults.idle, " (no wait)"),
            upper: ("idle_max_ms", defaults.idleMaximum), upperMinimum: 0)
        var signals = defaults.signals
        if let node = fields["signals"] {
            let names = try stringList(node, path: "settle.signals")
            signals = []
            for (index, name) in names.enumerated() {
                guard let known = SettleSignals.byName.first(where: { $0.name == name }) else {
                    throw error(
                        "settle.signals[\(index)]", node,
                        .invalidValue(
                            message:
                                "unknown signal '\(name.excerpt)' (known: \(SettleSignals.byName.map(\.name).joined(separator: ", ")))"))
                }
                signals.insert(known.signal)
            }
            guard signals.contains(.damage) else {
                throw error(
                    "settle.signals", node,
                    .invalidValue(message: "must include damage: the screen's repaints are what the observation shows"))
            }
        }
        return VMConfig.Settle(quiet: quiet, maximum: maximum, idle: idle, idleMaximum: idleMaximum, signals: signals)
    }

    /// Two `settle` durations in milliseconds where the second bounds the first (`quiet_ms` and
    /// `max_ms`, `idle_ms` and `idle_max_ms`): each in range, the second not less than the first.
    private func millisecondPair(
        _ fields: [String: Node], node: Node, lower: (name: String, fallback: Duration, zero: String),
        upper: (name: String, fallback: Duration), upperMinimum: Int
    )
        throws(VMConfigError) -> (Duration, Duration)
    {
        func value(_ name: String, fallback: Duration, minimum: Int, zero: String) throws(VMConfigError) -> Int {
            guard let n = fields[name] else { return Int(fallback.milliseconds) }
            let found = try integer(n, path: "settle.\(name)")
            guard (minimum...Self.maximumMilliseconds).contains(found) else {
                throw error(
                    "settle.\(name)", n,
                    .invalidValue(
                        message: "must be between \(minimum)\(minimum == 0 ? zero : "") and \(Self.maximumMilliseconds), found \(found)"))
            }
            return found
        }
        let low = try value(lower.name, fallback: lower.fallback, minimum: 0, zero: lower.zero)
        let high = try value(upper.name, fallback: upper.fallback, minimum: upperMinimum, zero: "")
        guard high >= low else {
            throw error(
                fields[upper.name] != nil ? "settle.\(upper.name)" : "settle.\(lower.name)",
                fields[upper.name] ?? fields[lower.name] ?? node,
                .invalidValue(message: "\(upper.name) (\(high)) must not be less than \(lower.name) (\(low))"))
        }
        return (.milliseconds(low), .milliseconds(high))
    }

    // MARK: Suggestions

    /// The known name closest to `name`: same letters ignoring case, `-` and `_`; a known name it
    /// begins; or within a small edit distance (transpositions count once).
    static func closest(to name: String, in known: [String]) -> String? {
        func normalized(_ s: String) -> String { s.lowercased().filter { $0 != "_" && $0 != "-" } }
        if let match = known.first(where: { normalized($0) == normalized(name) }) { return match }
        // `quiet` for `quiet_ms`, `window` for `window_manager`: a known name that starts with it.
        if name.count >= 3, let match = known.first(where: { normalized($0).hasPrefix(normalized(name)) }) {
            return match
        }
        guard name.isSuggestible else { return nil }
        let limit = max(2, name.count / 3)
        let scored = known.map { (name: $0, distance: name.lowercased().editDistance(to: $0)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= limit else { return nil }
        return best.name
    }
}
