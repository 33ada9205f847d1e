import DeskgymCore
import Foundation

extension CorpusReport {
    /// Examines every `*.json` file under `folder` (recursively; hidden files and folders are
    /// skipped) against `support`. Files that do not load are entries of the report, not errors;
    /// this throws only when the folder itself cannot be read.
    public static func build(folder: URL, support: TaskSupport) throws(CorpusError) -> CorpusReport {
        let shown = folder.isFileURL ? folder.relativePath : folder.absoluteString
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
            throw CorpusError(folder: shown, message: "folder not found")
        }
        guard isFolder.boolValue else {
            throw CorpusError(folder: shown, message: "not a folder (give the folder that holds the task files)")
        }
        guard let enumerator = manager.enumerator(atPath: folder.path) else {
            throw CorpusError(folder: shown, message: "cannot list the folder")
        }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            let components = path.split(separator: "/")
            if components.contains(where: { $0.hasPrefix(".") }) {
                if let last = components.last, last.hasPrefix(".") { enumerator.skipDescendants() }
                continue
            }
            if path.lowercased().hasSuffix(".json") { paths.append(path) }
        }
        let entries = paths.sorted().map { path in
            let url = folder.appendingPathComponent(path)
            return Entry(path: path, outcome: examine(url: url, name: join(shown, path), support: support))
        }
        return CorpusReport(folder: shown, support: support, entries: entries)
    }

    /// Reads one file: a task to check, a load failure, or JSON that is not a task.
    static func examine(url: URL, name: String, support: TaskSupport) -> Outcome {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
                return .skipped(reason: "a folder named like a JSON file")
            }
            return .failed(
                TaskLoadError(
                    file: name, kind: .unreadable,
                    message: "cannot read the file: \(error.localizedDescription)"))
        }
        return examine(data: data, name: name, support: support)
    }

    /// Examines the bytes of one file; `name` is used in error messages.
    static func examine(data: Data, name: String, support: TaskSupport) -> Outcome {
        let bytes = [UInt8](data)
        let json: JSONValue
        do {
            json = try JSONReader.parse(bytes)
        } catch {
            return .failed(OSWorldTask.loadError(for: error, source: name))
        }
        if let reason = notATaskReason(json) { return .skipped(reason: reason) }
        do {
            return .task(TaskCompatibility.check(try OSWorldTask.decode(json, source: name, bytes: bytes), support: support))
        } catch {
            return .failed(error)
        }
    }

    /// Why a JSON document is not a task, or nil when it looks like one (an object with at least
    /// one of `id`, `instruction`, `evaluator`).
    static func notATaskReason(_ json: JSONValue) -> String? {
        guard case .object(let members) = json else {
            return "not a task object: the top level is \(json.typeName == "array" ? "an array" : "a \(json.typeName)")"
        }
        if members["id"] != nil || members["instruction"] != nil || members["evaluator"] != nil { return nil }
        let lists = members.values.compactMap(\.arrayValue)
        if !members.isEmpty, lists.count == members.count,
            lists.allSatisfy({ $0.allSatisfy { $0.stringValue != nil } })
        {
            let ids = lists.reduce(0) { $0 + $1.count }
            return "not a task object: an index of task ids (\(members.count) \(members.count == 1 ? "list" : "lists"), \(ids) ids)"
        }
        return "not a task object: no \"id\", \"instruction\" or \"evaluator\""
    }
}
