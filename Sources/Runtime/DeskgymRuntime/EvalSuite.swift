import DeskgymEval
import DeskgymTaskModel
import Foundation

/// Finds the task files of a suite.
public enum EvalSuite {
    /// The task files under `paths` (folders searched recursively for `*.json`, files as given),
    /// each loaded to check it and to learn its id. A task's domain is the name of its folder
    /// (`tasks/os/x.json` → `os`), as OSWorld groups its examples.
    /// - Throws: ``EpisodeError`` naming the first path that does not exist, holds no task, or a
    ///   task file that does not load (with the loader's JSON path), or two files with the same
    ///   domain and id.
    public static func discover(_ paths: [URL]) throws(EpisodeError) -> [EvalTaskFile] {
        var files: [URL] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder) else {
                throw EpisodeError(task: nil, kind: .badInput, message: "\(path.path) does not exist")
            }
            if isFolder.boolValue {
                let found = (FileManager.default.enumerator(atPath: path.path)?.compactMap { $0 as? String } ?? [])
                    .filter { $0.hasSuffix(".json") }.sorted().map { path.appendingPathComponent($0) }
                guard !found.isEmpty else {
                    throw EpisodeError(task: nil, kind: .badInput, message: "\(path.path) holds no task file (*.json)")
                }
                files += found
            } else {
                files.append(path)
            }
        }
        var seen: [String: URL] = [:]  // "domain/id" → the file that holds it
        var suite: [EvalTaskFile] = []
        for file in files {
            let task: OSWorldTask
            do {
                task = try OSWorldTask.load(from: file)
            } catch {
                throw EpisodeError(task: nil, kind: .badInput, message: "\(error)")
            }
            let key = EvalTask(
                id: task.id, domain: file.deletingLastPathComponent().lastPathComponent, file: file.path,
                instruction: task.instruction)
            if let other = seen.updateValue(file, forKey: "\(key.domain)/\(key.id)") {
                throw EpisodeError(
                    task: task.id, kind: .badInput,
                    message: "\(file.path) and \(other.path) both hold task '\(task.id)' in domain '\(key.domain)'")
            }
            suite.append(EvalTaskFile(url: file, task: key))
        }
        return suite
    }
}
