import DeskgymCore
import DeskgymSandbox
import DeskgymTaskModel
import DeskgymTasks
import Foundation

/// Turns the `task` and `vm_config` fields of a request into a task and an environment.
struct TaskResolver: Sendable {
    var tasksFolder: URL
    var vmConfigsFolder: URL
    /// Parsed vm-configs, so that creates and resets do not parse YAML every time.
    let configs = VMConfigCache()

    /// `value` is an inline OSWorld task object, or `"domain/id"` naming
    /// `<tasks folder>/<domain>/<id>.json`. An inline task that names files of the server's
    /// machine is refused (``InlineTaskPolicy``).
    func task(from value: JSONValue, field: String = "task") throws(APIError) -> ServedTask {
        switch value {
        case .object:
            let task: OSWorldTask
            do {
                task = try OSWorldTask.parse(json: value, source: "field '\(field)'")
            } catch {
                throw APIError(status: 400, code: "invalid_task", message: "\(error)")
            }
            // Only a task from the tasks folder may name files of the server's machine.
            try InlineTaskPolicy.check(task, field: field)
            return ServedTask(task: task, folder: nil, reference: ServedTask.inlineReference)
        case .string(let name):
            return try task(named: name, field: field)
        default:
            throw APIError.badRequest(
                "field '\(field)' must be an OSWorld task object or a \"domain/id\" string, "
                    + "got \(value.typeName) \(RequestBody.snippet(value))")
        }
    }

    private func task(named name: String, field: String) throws(APIError) -> ServedTask {
        let trimmed = name.hasSuffix(".json") ? String(name.dropLast(5)) : name
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy(Self.isPlainName) else {
            throw APIError(
                status: 400, code: "unknown_task",
                message: "field '\(field)': \"\(name.excerpt)\" is not a task name of the form \"domain/id\" "
                    + "(letters, digits, '.', '_', '-')")
        }
        let file = tasksFolder.appendingPathComponent(String(parts[0])).appendingPathComponent("\(parts[1]).json")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw APIError(
                status: 400, code: "unknown_task",
                message: "field '\(field)': no task \"\(name.excerpt)\" in \(tasksFolder.path) (looked for \(file.path.excerpt))")
        }
        do {
            let task = try OSWorldTask.load(from: file)
            return ServedTask(task: task, folder: file.deletingLastPathComponent(), reference: trimmed)
        } catch {
            throw APIError(status: 400, code: "invalid_task", message: "field '\(field)': \(error)")
        }
    }

    /// The environment for a session: `name` when the request gives one, else the task's
    /// `deskgym.vm_config` (a name, or for a task from the tasks folder a path relative to it),
    /// else `default`.
    func vmConfig(named name: String?, for task: ServedTask?, field: String = "vm_config") throws(APIError) -> VMConfig {
        let url: URL
        let source: String
        if let name {
            guard Self.isPlainName(Substring(name)) else {
                throw APIError(
                    status: 400, code: "unknown_vm_config",
                    message: "field '\(field)': \"\(name.excerpt)\" is not a vm-config name (letters, digits, '.', '_', '-'; "
                        + "no paths)")
            }
            url = vmConfigsFolder.appendingPathComponent("\(name).yaml")
            source = "field '\(field)'"
        } else if let named = task?.task.deskgym?.vmConfig {
            source = "the task's deskgym.vm_config"
            // Only a task from the tasks folder may name a file: an inline task sent over HTTP names a vm-config.
            guard let folder = task?.folder ?? (DeskgymExtension.isVMConfigPath(named) ? nil : vmConfigsFolder) else {
                throw APIError(
                    status: 400, code: "unknown_vm_config",
                    message: "\(source) \"\(named)\" is a path, which only tasks from the tasks folder may use; "
                        + "name a vm-config instead, or give 'vm_config'")
            }
            url = DeskgymExtension.vmConfigFile(named, vmConfigsFolder: vmConfigsFolder, taskFolder: folder)
        } else {
            url = vmConfigsFolder.appendingPathComponent("default.yaml")
            source = "the default vm-config"
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: vmConfigsFolder.path)) ?? [])
                .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
            throw APIError(
                status: 400, code: "unknown_vm_config",
                message: "\(source): no vm-config at \(url.path); known: " + known.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        do {
            return try configs.load(url)
        } catch {
            throw APIError(status: 400, code: "invalid_vm_config", message: "\(source): \(error)")
        }
    }

    /// One path component of letters, digits, `.`, `_`, `-`, not `.` or `..`.
    static func isPlainName(_ name: Substring) -> Bool {
        !name.isEmpty && name != "." && name != ".."
            && name.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
            }
    }
}
