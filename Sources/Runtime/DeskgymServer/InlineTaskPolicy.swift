import DeskgymCore
import DeskgymTaskModel
import Foundation

/// What a task sent inline over HTTP may not ask for: anything that makes the server process read
/// a file of its own machine (or write one outside the session's cache) by a name the task gives.
/// A task from the server's tasks folder was put there by whoever runs the server and may do all
/// of it; a request body comes from whoever can reach the port.
///
/// Refused in an inline task, in `config` and in `evaluator.postconfig`:
/// - `upload_file`: any `files[j].local_path` (a file of the server's machine, copied in);
/// - `download`: a `files[j].url` that is not `http(s)` (`file://` URLs and absolute paths are
///   read from the server's machine), or whose file name would leave the session's cache;
/// - `execute`/`command`: `stdout`/`stderr` names that would leave the session's cache.
///
/// In `evaluator.result` and `evaluator.expected`:
/// - `cloud_file`: a `path` that is not `http(s)` (a `file://` URL or an absolute path is read from
///   the server's machine when it is not in the cache);
/// - `cache_file`: a `path` that is absolute or has a `..` component;
/// - any getter's `dest` that would leave the session's cache.
///
/// And `deskgym.pages` (a folder of the server's machine served to the desktop).
///
/// Paths on the desktop (`vm_file`'s `path`, `open`, commands) are the session's business, not
/// checked here.
enum InlineTaskPolicy {
    /// Throws 400 `host_path_in_inline_task` naming the first refused field of `task`, as
    /// `field 'task': config[0].parameters.files[0].local_path …`.
    static func check(_ task: OSWorldTask, field: String) throws(APIError) {
        if let problem = problem(in: task) {
            throw APIError(
                status: 400, code: "host_path_in_inline_task",
                message: "field '\(field)': \(problem.place): \(problem.reason); a task sent in the request cannot "
                    + "name files of the server's machine (put it in the server's tasks folder and name it "
                    + "\"domain/id\")")
        }
    }

    /// A refused field: where it is in the task, and why.
    struct Problem: Sendable, Equatable {
        var place: String
        var reason: String
    }

    /// The first refused field of `task`, nil when there is none.
    static func problem(in task: OSWorldTask) -> Problem? {
        if let pages = task.deskgym?.pages {
            return Problem(
                place: "deskgym.pages", reason: "\"\(pages.excerpt)\" is a folder of the server's machine, which it would serve")
        }
        for (index, step) in task.config.enumerated() {
            if let problem = problem(in: step, place: "config[\(index)]") { return problem }
        }
        for (index, step) in task.evaluator.postconfig.enumerated() {
            if let problem = problem(in: step, place: "evaluator.postconfig[\(index)]") { return problem }
        }
        for (name, getters) in [("result", task.evaluator.result), ("expected", task.evaluator.expected)] {
            guard let getters else { continue }
            for (index, getter) in getters.elements.enumerated() {
                guard let getter else { continue }
                let place = "evaluator.\(name)" + (getters.isList ? "[\(index)]" : "")
                if let problem = problem(in: getter, place: place) { return problem }
            }
        }
        return nil
    }

    static func problem(in step: SetupStep, place: String) -> Problem? {
        let place = "\(place) (\(step.type))"
        switch step.type {
        case "upload_file", "download":
            let files: [JSONValue] = step[parameter: "files"]?.arrayValue ?? []
            for (index, file) in files.enumerated() {
                let at = "\(place): parameters.files[\(index)]"
                if step.type == "upload_file", let local = file["local_path"] {
                    return Problem(
                        place: "\(at).local_path",
                        reason: "\(RequestBody.snippet(local)) names a file of the server's machine")
                }
                if step.type == "download", let url = file["url"]?.stringValue, let reason = refusedURL(url) {
                    return Problem(place: "\(at).url", reason: reason)
                }
            }
        case "execute", "command":
            for key in ["stdout", "stderr"] {
                if let name = step[parameter: key]?.stringValue, !name.isEmpty, !isCacheName(name) {
                    return Problem(place: "\(place): parameters.\(key)", reason: leavesCache(name))
                }
            }
        default:
            break
        }
        return nil
    }

    static func problem(in getter: GetterSpec, place: String) -> Problem? {
        let place = "\(place) (\(getter.type))"
        switch getter.type {
        case "cloud_file":
            for (index, url) in strings(getter[field: "path"]).enumerated() {
                if let reason = refusedURL(url, named: false) {
                    return Problem(place: "\(place).path" + (getter[field: "path"]?.arrayValue != nil ? "[\(index)]" : ""), reason: reason)
                }
            }
        case "cache_file":
            if let path = getter[field: "path"]?.stringValue,
                path.hasPrefix("/") || path.split(separator: "/").contains("..")
            {
                return Problem(place: "\(place).path", reason: leavesCache(path))
            }
        default:
            break
        }
        for (index, dest) in strings(getter[field: "dest"]).enumerated() where !isCacheName(dest) {
            return Problem(
                place: "\(place).dest" + (getter[field: "dest"]?.arrayValue != nil ? "[\(index)]" : ""), reason: leavesCache(dest))
        }
        return nil
    }

    /// Why a download URL is refused: not `http(s)`, or (with `named`) a file name that would leave
    /// the cache (the runner keeps the file under the URL's last path component).
    static func refusedURL(_ url: String, named: Bool = true) -> String? {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
            return "\"\(url.excerpt)\" is not an http(s) URL; file:// URLs and paths name files of the server's machine"
        }
        let name = parsed.lastPathComponent.isEmpty ? (parsed.host ?? "index") : parsed.lastPathComponent
        if named, !isCacheName(name) { return "\"\(url.excerpt)\" gives the file name \"\(name.excerpt)\"; " + leavesCache(name) }
        return nil
    }

    /// A file name inside the session's cache: one component, not `.` or `..`.
    static func isCacheName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
    }

    static func leavesCache(_ name: String) -> String {
        "\"\(name.excerpt)\" is not a file name inside the session's cache (one name: no '/', not '.' or '..')"
    }

    /// A string field, or a list of them (with `multi`).
    static func strings(_ value: JSONValue?) -> [String] {
        if let text = value?.stringValue { return [text] }
        return value?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
